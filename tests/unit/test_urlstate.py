"""URL state: every parameter is validated; bad ones fall back with a notice; round trip."""

from datetime import date

import pytest

from tightrope import urlstate as u

DEFAULT = u.ViewState(as_of=date(2026, 7, 24), window_start=date(2023, 1, 1), window_end=date(2026, 7, 24))
KNOWN = dict(
    min_date=date(2023, 1, 1),
    max_date=date(2026, 7, 24),
    countries=["JPN", "USA", "CHN", "VNM"],
    channels=["letter", "leader_call"],
    topics=["tariffs", "seafood"],
    max_step=5,
)


def parse(params):
    return u.parse(params, default=DEFAULT, **KNOWN)


def test_empty_params_give_default():
    s = parse({})
    assert s == DEFAULT and s.notices == ()


def test_valid_params_are_read():
    s = parse(
        {
            "asof": "2025-04-05",
            "c": "USA,JPN",
            "ch": "letter",
            "tp": "seafood",
            "present": "1",
            "step": "3",
            "from": "2025-01-01",
            "to": "2025-06-30",
        }
    )
    assert s.as_of == date(2025, 4, 5)
    assert s.countries == ("JPN", "USA")
    assert s.channels == ("letter",) and s.topics == ("seafood",)
    assert s.present and s.step == 3
    assert (s.window_start, s.window_end) == (date(2025, 1, 1), date(2025, 6, 30))
    assert s.notices == ()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"asof": "05/04/2025"}, "asof"),
        ({"asof": "2025-02-30"}, "asof"),
        ({"asof": "<script>alert(1)</script>"}, "asof"),
        ({"present": "yes"}, "present"),
        ({"step": "99"}, "step"),
        ({"step": "-1"}, "step"),
        ({"theme": "neon"}, "theme"),
        ({"from": "2026-01-01", "to": "2025-01-01"}, "from"),
        ({"asof": "x" * 5000}, "asof"),
    ],
)
def test_bad_params_fall_back_with_notice(params, field):
    s = parse(params)
    assert (s.as_of, s.present, s.step, s.theme, s.window_start) == (
        DEFAULT.as_of,
        DEFAULT.present,
        DEFAULT.step,
        DEFAULT.theme,
        DEFAULT.window_start,
    )
    assert len(s.notices) == 1 and field in s.notices[0]
    assert len(s.notices[0]) < 200  # long values are cut in the notice


def test_unknown_parameter_names_get_a_notice():
    s = parse({"asof": "2025-04-05", "colour": "red", "<b>x</b>": "1", "embed": "true"})
    assert s.as_of == date(2025, 4, 5)
    assert len(s.notices) == 1
    assert "'colour'" in s.notices[0] and "<b>x</b>" in s.notices[0] and "embed" not in s.notices[0].split(":")[0]


def test_unknown_list_values_are_dropped_with_notice():
    s = parse({"c": "JPN,XXX,<b>"})
    assert s.countries == ("JPN",)
    assert "XXX" in s.notices[0]


def test_round_trip():
    s = parse({"asof": "2025-04-05", "c": "USA,JPN", "ch": "letter", "present": "1", "step": "2"})
    again = parse(u.to_params(s, DEFAULT))
    assert again == s


def test_to_params_is_short_for_defaults():
    assert u.to_params(DEFAULT, DEFAULT) == {"asof": "2026-07-24", "lang": "en"}


def test_list_valued_params_take_the_last():
    assert parse({"asof": ["2025-01-01", "2025-04-05"]}).as_of == date(2025, 4, 5)


def test_counterparts_and_products_round_trip():
    s = u.parse(
        {"cp": "USA,CHN", "prod": "autos,steel,bogus"},
        default=DEFAULT,
        products=["autos", "steel", "all_goods"],
        **KNOWN,
    )
    assert s.counterparts == ("CHN", "USA")
    assert s.products == ("autos", "steel")
    assert "bogus" in s.notices[0]
    again = u.parse(u.to_params(s, DEFAULT), default=DEFAULT, products=["autos", "steel", "all_goods"], **KNOWN)
    assert (again.counterparts, again.products) == (s.counterparts, s.products)


def test_a_date_outside_the_range_is_clamped_with_a_notice():
    s = parse({"asof": "1999-01-01"})
    assert s.as_of == KNOWN["min_date"]
    assert any("outside the data's range" in n and str(KNOWN["min_date"]) in n for n in s.notices)
    assert parse({"asof": "2099-01-01"}).as_of == KNOWN["max_date"]
