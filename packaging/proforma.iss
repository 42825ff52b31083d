; Inno Setup script: a Windows installer for the one-folder bundle in dist\proforma-app.
; Build the bundle first (packaging\README.md), then, from the repository root:
;     iscc packaging\proforma.iss                  (or: iscc /DAppVersion=0.2.0 ...)
; Output: dist\installer\Proforma-<version>-setup.exe
;
; Installs per user by default (no administrator rights needed on an NHS laptop); an
; administrator can choose "all users" in the installer. Drafts are the user's files and
; live wherever they save them; uninstalling never removes them or the recovery copies.

#define AppName "Proforma"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppPublisher "Proforma"
#define BundleDir "..\dist\proforma-app"

[Setup]
AppId={{6B0E3C7A-2F7B-4B0E-9C7D-5E2A9A4F1C11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=Proforma-{#AppVersion}-setup
SetupIconFile=..\resources\icons\proforma.ico
UninstallDisplayIcon={app}\proforma-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\proforma-app.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\proforma-app.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\proforma-app.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
