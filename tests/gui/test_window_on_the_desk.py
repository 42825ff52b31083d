"""The form window on a small laptop: it fits the screen, keeps its place, confirms a save
in the window, lists each section's own problems and never moves the question being
answered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from proforma_app.gui.controller import AppController
from proforma_app.gui.form_window import FormWindow
from tests.gui.conftest import ScriptedDialogs, press, type_text
from tests.gui.officer import find, focus, settle, shortcut

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

_MEASURE = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtWidgets import QApplication
    from proforma_app.gui.app import configure
    from proforma_app.gui.controller import AppController
    from proforma_app.gui import dialogs

    app = QApplication([])
    configure(app)
    window = AppController().open_path(__import__("pathlib").Path(sys.argv[1]))
    window.show()
    app.processEvents()
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    print(json.dumps({
        "available": [available.x(), available.y(), available.width(), available.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "inner": [window.width(), window.height()],
        "status_bar_bottom": window.statusBar().mapTo(window, window.statusBar().rect()
            .bottomLeft()).y(),
    }))
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_the_window_frame_fits_a_1366_by_768_screen_at_100_and_125_percent(
    tmp_path: Path, scale: str
) -> None:
    """Qt's offscreen screen set to 1366 x 768 with window frames emulated, as Windows has."""
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "windowFrameMargins": True,
                "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}],
            }
        ),
        encoding="utf-8",
    )
    draft = tmp_path / "draft.json"
    draft.write_bytes((EXAMPLES / "annex_b_mistakes.json").read_bytes())
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
        "PROFORMA_HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(draft)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    available, frame = QRect(*seen["available"]), QRect(*seen["frame"])
    expected = round(768 / float(scale))
    assert available.height() in (expected - 1, expected, expected + 1)
    assert available.contains(frame), seen
    assert frame.size() != QRect(0, 0, *seen["inner"]).size(), "frames were emulated"
    # The status bar, the last thing in the window, is on the screen too.
    assert frame.top() + (frame.height() - seen["inner"][1]) + seen["status_bar_bottom"] <= (
        available.bottom() + 1
    )


def test_the_window_fits_whatever_area_the_screen_has(controller: AppController) -> None:
    window = controller.new_form("annex_b")
    screen = window.screen()
    assert screen is not None
    window.show()
    settle()
    assert screen.availableGeometry().contains(window.frameGeometry())
    assert window.height() < 780, "never the old fixed 1100 x 780 on this 800 x 800 screen"


def test_the_window_comes_back_where_it_was_on_the_same_screen(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    path = tmp_path / "draft.json"
    path.write_bytes((EXAMPLES / "annex_b_valid.json").read_bytes())
    window = controller.open_path(path)
    assert window is not None
    qtbot.waitExposed(window)
    window.resize(700, 600)
    window.move(40, 30)
    settle()
    where = window.geometry()
    window.close()
    again = controller.open_path(path)
    assert again is not None
    qtbot.waitExposed(again)
    assert again.geometry().size() == where.size()
    assert again.geometry().topLeft() == where.topLeft()


def test_a_remembered_place_that_no_longer_fits_is_not_used(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    screen = window.screen()
    assert screen is not None
    window.setGeometry(QRect(0, 0, 2400, 1600))  # e.g. from a larger monitor, same name
    key = window._screen_key(screen)
    controller.settings.set_window_geometry(key, bytes(window.saveGeometry().data()))
    window.close()
    again = controller.new_form("annex_b")
    again.show()
    settle()
    assert screen.availableGeometry().contains(again.frameGeometry())


def test_a_save_confirms_in_the_window_and_is_announced(
    qtbot,
    controller: AppController,
    scripted: ScriptedDialogs,
    tmp_path: Path,
    opened: list[Path],
) -> None:
    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    assert not window.banner.isVisibleTo(window)
    target = tmp_path / "my-draft.json"
    scripted.save_paths.append(target)
    with qtbot.waitSignal(window.banner.announced) as spoken:
        shortcut(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.is_file()
    assert window.banner.isVisibleTo(window)
    assert "my-draft.json" in window.banner.text
    assert spoken.args is not None and "saved" in spoken.args[0]
    assert "my-draft.json" in window.banner.accessibleName()
    # On the screen, not below the window's edge: the banner is inside the window.
    top_left = window.banner.mapTo(window, QPoint(0, 0))
    assert top_left.y() >= 0 and top_left.y() + window.banner.height() <= window.height()
    link = find(window, "notification.open_folder")
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=link.rect().center())
    assert opened == [tmp_path]
    dismiss = find(window, "notification.dismiss")
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton, pos=dismiss.rect().center())
    assert not window.banner.isVisibleTo(window)


def test_each_section_lists_only_its_own_problems(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    path = tmp_path / "mistakes.json"
    path.write_bytes((EXAMPLES / "annex_b_mistakes.json").read_bytes())
    window = controller.open_path(path)
    assert window is not None
    qtbot.waitExposed(window)
    shortcut(qtbot, window, Qt.Key.Key_F7)
    for index, section in enumerate(window.form.sections):
        window.show_page(index, focus=False)
        own = {f.id for f in section.fields}
        listed = window.summary.problems
        assert all(p.field in own for p in listed), (section.id, listed)
        assert {p.location for p in listed} == {
            p.location for p in window.report.problems if p.field in own
        }
        assert window.summary.isVisibleTo(window) == bool(listed)
        count = window.task_list.count_text(index)
        errors = sum(1 for p in listed if p.severity == "error")
        assert (count.split(" ")[0] == str(errors)) if errors else (errors == 0), count
        for link in window.summary.links:  # no label said twice, no ids
            assert "Error: Error" not in link.plain_text
            assert "_" not in link.plain_text.split(":")[1], link.plain_text
    window.show_page(window.review_index, focus=False)
    assert len(window.summary.problems) == len(window.report.problems)


def _position(widget: QWidget) -> QPoint:
    return widget.mapToGlobal(QPoint(0, 0))


def _tab_to(qtbot, window: FormWindow, from_name: str, text: str, to_name: str) -> None:
    """Type into one field, then Tab to the next: the next must not move as it gains focus."""
    here = find(window, from_name)
    focus(qtbot, here)
    press(here, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(here, Qt.Key.Key_Delete)
    type_text(here, text)
    settle()
    following = find(window, to_name)
    before = _position(following)
    press(here, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is following
    settle()
    assert _position(following) == before, (from_name, to_name)


def test_leaving_fields_never_moves_the_focused_field(qtbot, controller: AppController) -> None:
    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    window.activateWindow()
    # Wrong answers: each shows an inline message and grows the section's summary above.
    _tab_to(qtbot, window, "contact_name", "A", "contact_role")
    _tab_to(qtbot, window, "contact_role", "x" * 300, "contact_email")
    _tab_to(qtbot, window, "contact_email", "not an email", "contact_phone")
    assert window.summary.isVisibleTo(window) and window.summary.problems
    # Put right: problems above the cursor go away, and the field still does not move.
    _tab_to(qtbot, window, "contact_role", "Head of primary care", "contact_email")
    _tab_to(qtbot, window, "contact_email", "someone@nhs.net", "contact_phone")
    assert window.pages[0].blocks["contact_email"].severity is None


def test_f1_opens_the_guidance_at_the_passage_the_question_cites(
    qtbot, controller: AppController
) -> None:
    from proforma_app.core.guidance import guidance_text

    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    window.show_page(2)
    focus(qtbot, find(window, "eligibility_confirmed"))  # cites L1596-1600
    shortcut(qtbot, window, Qt.Key.Key_F1)
    guidance = window._guidance
    assert guidance is not None and guidance.isVisible()
    qtbot.waitUntil(lambda: guidance.first_visible_line == 1596)
    expected = "\u2029".join(guidance_text().splitlines()[1595:1600])
    assert guidance.text.textCursor().selectedText() == expected
    assert window.form.field("eligibility_confirmed").label in guidance.where.text()


def test_a_question_citing_nothing_opens_the_guidance_at_its_start(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    focus(qtbot, find(window, "contact_name"))
    guidance = window.open_guidance()
    assert guidance.first_visible_line == 1
    assert "start" in guidance.where.text()
    guidance.find_box.setText("lay member")
    assert guidance.find_next()
    assert guidance.text.textCursor().selectedText().casefold() == "lay member"
    guidance.close()


def test_help_lists_the_keyboard_shortcuts_and_about_says_version_and_folders(
    qtbot, controller: AppController, scripted: ScriptedDialogs
) -> None:
    from proforma_app import __version__
    from proforma_app.locations import paths

    window = controller.new_form("annex_b")
    window.show_shortcuts()
    window.show_about()
    shortcuts, about = scripted.asked[-2:]
    assert shortcuts.title == "Keyboard shortcuts"
    for line in ("Ctrl+S — Save", "F7 — Check for problems", "F1 — Guidance for this question"):
        assert line in shortcuts.text
    assert about.title == "About Proforma"
    assert __version__ in about.text and str(paths.recovery_dir()) in about.text
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions() if a.text()] == [
        "&Guidance for this question",
        "&Keyboard shortcuts",
        "&About Proforma",
    ]


def test_save_suggests_the_documents_folder_for_a_new_draft(controller: AppController) -> None:
    from proforma_app.locations import paths

    window = controller.new_form("annex_b")
    assert window.suggested_path().parent == paths.documents_dir()


def test_table_columns_share_the_width_by_content(qtbot, controller: AppController) -> None:
    """Name and Role get the room (Role most, its answers are longest); the choices and
    the vote keep their own size."""
    path = EXAMPLES / "annex_b_valid.json"
    window = controller.open_path(path)
    assert window is not None
    qtbot.waitExposed(window)
    window.resize(1093 - 16, 614 - 40)  # a 1366 x 768 laptop at 125 %
    window.show_page(2, focus=False)
    settle()
    cell = {name: find(window, f"members[1].{name}") for name in ("name", "role", "voting")}
    widths = {name: widget.width() for name, widget in cell.items()}
    assert widths["role"] > widths["name"] > widths["voting"], widths
    name_box = cell["name"]
    assert isinstance(name_box, QLineEdit)
    longest = max((m["name"] for m in window.draft.answers["members"]), key=len)
    needed = name_box.fontMetrics().horizontalAdvance(longest)
    assert widths["name"] >= needed + 6, (widths, longest, needed)  # every name shows whole


def test_a_long_cell_opens_in_a_larger_box_that_wraps(qtbot, controller: AppController) -> None:
    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    window.show_page(2, focus=False)
    shortcut(qtbot, window, Qt.Key.Key_F6)
    editor = window.editors["members"]
    editor.add_row()
    role = find(window, "members[1].role")
    assert isinstance(role, QLineEdit)
    assert "F2" in role.accessibleDescription()
    focus(qtbot, role)
    type_text(role, "Lay member for patient and")
    press(role, Qt.Key.Key_F2)
    box = QApplication.focusWidget()
    assert box is not None and box.objectName() == "members[1].role.larger_text"
    assert box.accessibleName().startswith("Role, member 1")
    qtbot.keyClicks(box, " public involvement")  # the popup's box has the keyboard
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is role
    assert window.draft.answers["members"][0]["role"] == (
        "Lay member for patient and public involvement"
    )
    assert role.fontMetrics().horizontalAdvance(role.text()) > role.width()  # too narrow…
    assert role.toolTip() == role.text()  # …so hovering shows the whole answer
    press(role, Qt.Key.Key_F2)
    box = QApplication.focusWidget()
    qtbot.keyClicks(box, " (changed my mind)")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is role
    assert role.text() == "Lay member for patient and public involvement"
