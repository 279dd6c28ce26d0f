"""The benchmark harness's own logic: percentiles, targets, the table, results.json, counting.

No timings are asserted here: those belong to `make bench`, on a quiet machine.
"""

import asyncio
import json
import random

import numpy as np
import pytest

from benchmarks.figures import INFORMATIVE, Figure, Target, median, percentile, table, write_results
from benchmarks.inprocess import query_figure
from benchmarks.loadgen import Arrivals, Recorder, TimeUp, form_fields, require_loopback, summarise
from benchmarks.national import ANSWER_TUPLE, NATIONAL, NationalData
from benchmarks.traffic import check_counts, knee, open_loop_figures


@pytest.mark.parametrize("pct", [0, 25, 50, 90, 95, 99, 100])
def test_percentile_agrees_with_numpys_linear_interpolation(pct):
    values = [12.0, 3.5, 7.25, 100.0, 0.5, 42.0, 8.0]
    assert percentile(values, pct) == pytest.approx(np.percentile(values, pct))


def test_percentile_of_one_value_is_that_value_and_of_none_is_none():
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_percentile_outside_zero_to_hundred_is_refused():
    with pytest.raises(ValueError):
        percentile([1.0, 2.0], 101)


def test_median_of_an_even_count_is_the_middle_pair_averaged():
    assert median([4, 1, 3, 2]) == 2.5
    assert median([]) is None


def test_a_ceiling_target_is_met_at_the_ceiling_and_missed_above_it():
    target = Target(at_most=150)
    assert target.met_by(150)
    assert not target.met_by(150.1)
    assert target.describe("ms") == "≤ 150 ms"


def test_a_floor_target_is_met_at_the_floor_and_missed_below_it():
    target = Target(at_least=25)
    assert target.met_by(25)
    assert not target.met_by(24.9)
    assert target.describe("%") == "≥ 25 %"


def test_an_informative_figure_is_neither_met_nor_missed():
    figure = Figure.measured("kale view", 812.0, "req/s", INFORMATIVE)
    assert figure.met is None
    assert figure.target == "informatief"


def test_results_json_has_exactly_the_agreed_shape(tmp_path):
    figures = [
        Figure.measured("resultaten van één school", 31.5, "ms", Target(at_most=50)),
        Figure.measured("fouten onder belasting", 2, "", Target(at_most=0, text="0")),
        Figure.unavailable("PDF van één school", "s", Target(at_most=1.5), "evaluation.reports ontbreekt"),
    ]
    path = tmp_path / "results.json"
    write_results(figures, path)
    rows = json.loads(path.read_text())
    assert [set(row) - {"note"} for row in rows] == [{"name", "value", "unit", "target", "met"}] * 3
    assert rows[0] == {
        "name": "resultaten van één school", "value": 31.5, "unit": "ms", "target": "≤ 50 ms", "met": True}
    assert rows[1]["met"] is False
    assert rows[2]["value"] is None and rows[2]["met"] is None
    assert rows[2]["note"].startswith("niet beschikbaar")


def test_table_lists_every_figure_with_value_target_and_verdict():
    figures = [
        Figure.measured("resultaten van één school", 31.5, "ms", Target(at_most=50)),
        Figure.measured("resultaten van één bestuur", 412.0, "ms", Target(at_most=300), "30 scholen"),
        Figure.unavailable("PDF van één school", "s", Target(at_most=1.5), "functie ontbreekt"),
    ]
    lines = table(figures).splitlines()
    assert lines[0].split() == ["figuur", "waarde", "doel", "gehaald"]
    school = next(line for line in lines if line.startswith("resultaten van één school"))
    assert "31.5 ms" in school and "≤ 50 ms" in school and school.endswith("gehaald") and "niet" not in school
    board = next(line for line in lines if line.startswith("resultaten van één bestuur"))
    assert board.endswith("niet gehaald")
    assert "    30 scholen" in lines
    pdf = next(line for line in lines if line.startswith("PDF van één school"))
    assert "niet beschikbaar" in pdf and pdf.endswith("—")
    assert "    niet beschikbaar: functie ontbreekt" in lines


def test_table_columns_line_up():
    figures = [Figure.measured("a", 1.0, "ms", Target(at_most=5)), Figure.measured("een langere naam", 1234.0, "ms")]
    header, rule, *rows = table(figures).splitlines()
    value_column = header.index("waarde")
    assert all(row[value_column - 2:value_column] == "  " for row in rows)
    assert len(rule.split()) == 4


def test_query_figure_needs_the_same_count_at_small_and_large_data():
    assert query_figure("queries resultaten", 10, 8, 8).met is True
    grew = query_figure("queries coachoverzicht", 15, 12, 14)
    assert grew.met is False and grew.note == "klein: 12, groot: 14"
    assert query_figure("queries werkplan", 15, 16, 16).met is False


def test_query_figure_of_a_page_that_is_not_there_says_why():
    figure = query_figure("queries werkplan", 15, "URL actionplans:werkplan bestaat niet", 9)
    assert figure.value is None and figure.met is None
    assert "URL actionplans:werkplan bestaat niet" in figure.note


def test_counts_find_lost_and_doubled_responses():
    assert check_counts("invullen", stored=40, used=40, acknowledged=40)[0] == 0
    assert check_counts("invullen", stored=39, used=39, acknowledged=40)[0] == 1  # lost
    assert check_counts("invullen", stored=41, used=40, acknowledged=40)[0] == 1  # doubled
    # Stored while its acknowledgement was still on the way when time ran out: neither.
    assert check_counts("invullen", stored=41, used=41, acknowledged=40)[0] == 0


def test_form_fields_reads_the_csrf_token_and_every_radio_group():
    page = """
    <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc&amp;123">
    <input type="radio" name="department" value="onderbouw"><input type="radio" name="department" value="niet">
    <label><input type="radio" name="q-E1" value="giver" checked></label><input value="taker" name="q-E1" type="radio">
    <input type="text" name="other" value="x"></form>"""
    csrf, radios = form_fields(page)
    assert csrf == "abc&123"
    assert radios == {"department": ["onderbouw", "niet"], "q-E1": ["giver", "taker"]}


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8123", "http://[::1]:9000"])
def test_load_goes_to_loopback(url):
    require_loopback(url)


@pytest.mark.parametrize("url", ["http://10.0.0.5:8000", "http://192.168.1.20", "http://93.184.216.34"])
def test_load_to_any_other_address_is_refused(url):
    with pytest.raises(SystemExit):
        require_loopback(url)


def test_summary_gives_throughput_and_percentiles_per_step():
    recorder = Recorder(deadline=0, max_requests=10)
    recorder.latencies["deel tonen"] = [10.0, 20.0, 30.0, 40.0]
    recorder.latencies["insturen"] = [50.0]
    recorder.acknowledged = 1
    summary = summarise(recorder, elapsed=2.0)
    assert summary["rps"] == 2.5
    assert summary["steps"]["deel tonen"]["rps"] == 2.0
    assert summary["steps"]["deel tonen"]["p50"] == 25.0
    assert summary["steps"]["insturen"]["p99"] == 50.0
    assert summary["acknowledged"] == 1 and summary["errors"] == 0


def test_national_size_spreads_schools_over_boards_in_runs_of_about_thirty():
    data = NationalData(NATIONAL, instrument_id=1)
    boards = [data.board_of(i) for i in range(NATIONAL.schools)]
    assert boards[0] == 0 and boards[-1] == NATIONAL.boards - 1
    assert boards == sorted(boards)
    assert 29 <= boards.count(0) <= 31


def test_national_staff_adds_up_to_the_respondents_of_a_wave():
    data = NationalData(NATIONAL, instrument_id=1)
    assert abs(int(data.staff.sum()) - NATIONAL.respondents_per_wave) < NATIONAL.respondents_per_wave * 0.01
    assert data.staff.min() >= 5


def test_smaller_sizes_keep_the_proportions():
    tenth = NATIONAL.scaled(0.1)
    assert (tenth.schools, tenth.boards, tenth.respondents_per_wave) == (700, 23, 25_000)


def test_a_binary_copy_tuple_of_an_answer_is_44_bytes_in_network_order():
    row = np.zeros(1, dtype=ANSWER_TUPLE)
    row["fields"], row["id_len"], row["id"] = 4, 8, 1
    raw = row.tobytes()
    assert ANSWER_TUPLE.itemsize == 44
    assert raw[:2] == b"\x00\x04" and raw[2:6] == b"\x00\x00\x00\x08" and raw[6:14] == (1).to_bytes(8, "big")


def arrivals_in(rate: float, seconds: float, busy_s: float) -> tuple[int, int]:
    """(new teachers, turns given to waiting teachers) when each request keeps its teacher busy_s."""
    arrivals = Arrivals(rate, seconds, random.Random(1))
    started, turns = [], []

    async def teacher() -> None:
        try:
            while True:
                await asyncio.sleep(busy_s)  # the server's answer and the think time
                await arrivals.turn()
                turns.append(1)
        except TimeUp:
            pass

    async def main() -> None:
        tasks = []
        await arrivals.run(lambda: (started.append(1), tasks.append(asyncio.create_task(teacher()))))
        await asyncio.gather(*tasks)

    asyncio.run(main())
    return len(started), len(turns)


def test_open_loop_arrivals_keep_their_rate_however_slow_the_answers():
    quick = sum(arrivals_in(rate=200, seconds=0.5, busy_s=0.01))
    slow = sum(arrivals_in(rate=200, seconds=0.5, busy_s=0.3))
    # Poisson: 100 expected, the same for both; a closed loop would have slowed down with the server.
    assert 60 < quick < 150 and 60 < slow < 150
    new_when_slow, _turns = arrivals_in(rate=200, seconds=0.5, busy_s=0.3)
    new_when_quick, _turns = arrivals_in(rate=200, seconds=0.5, busy_s=0.01)
    assert new_when_slow > 2 * new_when_quick  # nobody ready: the arrival is a new teacher


def run_with(**p95_by_step) -> dict:
    return {"rps": 1.0, "errors": 0, "error_kinds": {}, "steps": {
        step: {"p50": p95 / 2, "p95": p95, "p99": p95 * 1.2, "count": 10} for step, p95 in p95_by_step.items()}}


def test_the_knee_lies_between_the_last_rate_under_500_ms_and_the_first_over():
    runs = {5: run_with(intro=40), 100: run_with(intro=60, insturen=300), 200: run_with(intro=700)}
    rate, note = knee(runs)
    assert rate == pytest.approx(100 + (500 - 300) / (700 - 300) * 100)
    assert "tussen 100 req/s" in note
    assert knee({5: run_with(intro=40), 100: run_with(intro=90)})[0] is None


def test_at_the_share_each_step_is_held_to_three_times_its_p50_at_a_trickle():
    runs = {5: run_with(intro=40, insturen=100), 100: run_with(intro=59, insturen=160)}
    figures = {f.name.split(": ")[-1]: f for f in open_loop_figures(runs, 5, 100, 0, "")}
    assert figures["p95 'intro'"].met is True  # 59 ≤ 3 × 20
    assert figures["p95 'insturen'"].met is False  # 160 > 3 × 50
    assert figures["fouten"].met is True
