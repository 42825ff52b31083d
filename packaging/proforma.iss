; Inno Setup script: a Windows installer for the one-folder bundle in dist\proforma-app.
; Build the bundle first (packaging\README.md), then, from the repository root:
;     $v = python packaging\app_version.py
;     iscc /DAppVersion=$v packaging\proforma.iss
; Output: dist\installer\Proforma-<version>-setup.exe. CI (.github/workflows/ci.yml) builds
; it, installs it silently, runs the installed programs and uninstalls it.
;
; Installs for the current user only, without administrator rights (NHS desktops are locked
; down): programs go to %LOCALAPPDATA%\Programs\Proforma, the Start menu entry and the
; optional .json association to the user's own profile and registry hive. Drafts are the
; user's files, wherever they save them, and recovery copies live in
; %LOCALAPPDATA%\Proforma\Proforma; the installer never writes there and uninstalling
; never removes them.

#define AppName "Proforma"
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=<python packaging\app_version.py> packaging\proforma.iss
#endif
#define AppPublisher "Proforma"
#define AppExe "proforma-app.exe"
#define DraftProgId "Proforma.Draft"
#define BundleDir "..\dist\proforma-app"

[Setup]
; Keep AppId unchanged between versions so an upgrade replaces the old installation.
AppId={{6B0E3C7A-2F7B-4B0E-9C7D-5E2A9A4F1C11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
OutputDir=..\dist\installer
OutputBaseFilename=Proforma-{#AppVersion}-setup
SetupIconFile=..\resources\icons\proforma.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "associate"; Description: "Open drafts with Proforma (double-clicking a .json file opens it in Proforma)"; GroupDescription: "Drafts:"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Opt-in (task "associate"), in the user's own hive (HKA is HKCU for a per-user install).
; Uninstalling removes exactly these entries.
Root: HKA; Subkey: "Software\Classes\{#DraftProgId}"; ValueType: string; ValueName: ""; ValueData: "Proforma draft"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#DraftProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#DraftProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "{#DraftProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.json"; ValueType: string; ValueName: ""; ValueData: "{#DraftProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""; Flags: uninsdeletekey; Tasks: associate

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [UninstallRun]: uninstalling removes only what [Files],
; [Icons] and [Registry] created. Drafts, their .bak copies, recovery copies, settings and
; crash logs stay (tests/packaging/test_installer_script.py checks this).
