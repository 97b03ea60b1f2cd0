import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.diagnostics import DiagnosticError
from simulator.nlu.catalog import builtin_intent_ids
from simulator.nlu.library import Calibration, load_library, read_library
from simulator.vocabulary import CANONICAL_INTENTS, LOCALES

EXTRAS = ("agree", "decline", "thank", "apologize")


@pytest.mark.parametrize("locale", LOCALES)
def test_shipped_libraries_cover_the_contract(locale):
    library = load_library(locale)
    assert builtin_intent_ids(locale) == (*CANONICAL_INTENTS, *EXTRAS)
    assert library.extra_ids == EXTRAS
    for intent_id in CANONICAL_INTENTS:
        spec = library.intents[intent_id]
        assert spec.description and spec.patterns and spec.examples, intent_id
    assert library.none


def test_pattern_labels_point_into_the_file():
    spec = load_library("en-US").intents["greet"]
    assert spec.patterns[1].label == "greet pattern 2"
    assert spec.unless[0].label == "greet unless 1"


def test_bad_pattern_is_reported_with_its_position(tmp_path):
    path = tmp_path / "intents.en-US.yaml"
    body = "\n".join(f"  {i}:\n    patterns: ['{i}']" for i in CANONICAL_INTENTS)
    path.write_text(f"locale: en-US\nintents:\n{body}\n  broken:\n    patterns: ['(unclosed']\n")
    with pytest.raises(DiagnosticError) as info:
        read_library(path, "en-US")
    problem = info.value.diagnostics[0]
    assert "bad pattern '(unclosed'" in problem.message
    assert problem.line == 2 + 2 * len(CANONICAL_INTENTS) + 2  # the 'patterns' line of 'broken'


def test_missing_canonical_intent_is_reported(tmp_path):
    path = tmp_path / "intents.en-US.yaml"
    path.write_text("locale: en-US\nintents:\n  greet:\n    patterns: [hello]\n")
    with pytest.raises(DiagnosticError, match="canonical intents missing: identify_self"):
        read_library(path, "en-US")


def test_unknown_macro_is_reported(tmp_path):
    path = tmp_path / "intents.en-US.yaml"
    body = "\n".join(f"  {i}:\n    patterns: ['{{nope}}']" for i in CANONICAL_INTENTS)
    path.write_text(f"locale: en-US\nintents:\n{body}\n")
    with pytest.raises(DiagnosticError, match=r"unknown macro \{nope\}"):
        read_library(path, "en-US")


def test_unknown_setting_is_reported(tmp_path):
    path = tmp_path / "intents.en-US.yaml"
    body = "\n".join(f"  {i}:\n    patterns: ['{i}']" for i in CANONICAL_INTENTS)
    path.write_text(f"locale: en-US\nsettings: {{similarity_flor: 0.4}}\nintents:\n{body}\n")
    with pytest.raises(DiagnosticError, match="unknown setting 'similarity_flor'"):
        read_library(path, "en-US")


@pytest.mark.parametrize("locale", LOCALES)
def test_scenario_examples_are_calibrated_more_leniently(locale):
    settings = load_library(locale).settings
    builtin, scenario = settings.builtin, settings.scenario
    assert scenario.floor < builtin.floor and scenario.full < builtin.full
    assert scenario.cap == builtin.cap
    assert scenario.score(0.67) >= 0.5 > builtin.score(0.67)
    assert scenario.score(scenario.floor) == 0 and scenario.score(1.0) == scenario.cap


@given(st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 2))
def test_a_cosine_not_above_scores_above_scores_nothing(floor, full, cap, cosine):
    """The index leaves out cosines not above the bound, so none of them may score."""
    if full == floor:
        return  # no line at all: nothing can be scored
    calibration = Calibration(floor, full, cap)
    scores = calibration.score(cosine) > 0
    if cosine <= calibration.scores_above:
        assert not scores
    if full > floor and cap > 0:  # a rising line: the bound is the floor itself
        assert scores == (cosine > floor)
