"""The guided story: steps come from story.csv, are validated like every table, and drive
the as-of date, the countries and the page."""

from datetime import date

from tests.support.apptest import open_app


def test_story_step_sets_date_countries_and_page(mini_copy):
    at = open_app(mini_copy, {"present": "1", "step": "2"})
    assert not at.exception
    assert at.session_state["asof"] == date(2025, 5, 1)
    assert at.session_state["countries"] == ["JPN", "USA"]
    assert at.title[0].value == "Diplomacy"
    assert any("Step 2 of 3" in m.value for m in at.markdown)
    at.button(key="story-next").click().run()
    assert at.session_state["step"] == 3
    assert at.session_state["asof"] == date(2025, 4, 24)
    assert at.title[0].value.startswith("Japan between")
    assert at.query_params["step"] in ("3", ["3"])


def test_bad_story_rows_are_reported_and_left_out(mini_copy):
    p = mini_copy / "story.csv"
    text = p.read_text()
    text = text.replace("2,Talks in Washington,2025-05-01,diplomacy,", "2,Talks in Washington,2025-05-01,nowhere,")
    text = text.replace(
        "3,Outreach to Beijing,2025-04-24,overview,JPN;CHN,", "3,Outreach to Beijing,24/04/2025,overview,JPN;XXX,"
    )
    p.write_text(text)
    at = open_app(mini_copy, {"present": "1", "step": "1"})
    assert not at.exception
    assert any("Step 1 of 1" in m.value for m in at.markdown)  # the two bad steps are left out
    at.switch_page("pages/data.py").run()
    problems = next(df.value for df in at.dataframe if "fix" in df.value.columns)
    story = problems[problems["file"] == "story.csv"]
    assert {(r.row, r.column) for r in story.itertuples()} >= {(3, "page"), (4, "as_of")}
    assert any("nowhere" == v for v in story["value"])


def test_no_story_file_still_presents(mini_copy):
    (mini_copy / "story.csv").unlink()
    at = open_app(mini_copy, {"present": "1"})
    assert not at.exception
    assert any("No story steps" in i.value for i in at.info)
