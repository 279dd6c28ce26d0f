import pytest

from projects.parsing import BIGINT_MAX, positive_int


@pytest.mark.parametrize("text, number", [("1", 1), ("42", 42), ("007", 7), (str(BIGINT_MAX), BIGINT_MAX)])
def test_plain_digits_give_the_number(text, number):
    assert positive_int(text) == number


@pytest.mark.parametrize("text", [
    None, "", "0", "00", "-1", "+1", " 3", "3 ", "3.0", "1e3", "0x10", "NaN",
    "²", "٣", "３",  # digits to str.isdigit(), but not 0-9
    str(BIGINT_MAX + 1), "9" * 20, "9" * 5_000,
])
def test_anything_else_gives_none(text):
    assert positive_int(text) is None


def test_a_limit_refuses_bigger_numbers():
    assert positive_int("9999", limit=9999) == 9999
    assert positive_int("10000", limit=9999) is None
    assert positive_int("09999", limit=9999) is None  # longer than the limit is written, even with a leading zero
