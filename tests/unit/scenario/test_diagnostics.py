"""Every problem class names the exact file:line:col, the key path and a fix."""

from __future__ import annotations

from simulator.scenario.library import load_library
from tests.unit.scenario.conftest import HEADER

START = "nodes:\n  - id: start\n    phase: opening\n    say: Hi\n    responses:\n"  # a start node whose responses follow
ENDING = """\
  - id: done
    phase: closing
    say: Bye.
    ending: {outcome: refused}
"""


def test_valid_scenario_is_clean(problems):
    body = START
    body += "      - {intent: greet, next: done}\n" + ENDING
    assert problems(body) == []


def test_yaml_syntax_error(problems):
    assert problems("nodes: [\n  - x: 1\n") == [
        "s.yaml:10:3: error[Y000]: YAML syntax error: did not find expected node content"
    ]


def test_wrong_type(problems):
    out = problems("difficulty_: 1\nnodes: nope\n")
    assert "s.yaml:10:8: error[E100]: expected a list, got the text 'nope' (at nodes)" in out


def test_unknown_key_with_suggestion(problems):
    body = START
    body += "      - {intent: greet, nxt: done}\n" + ENDING
    assert problems(body) == [
        "s.yaml:14:25: error[E101]: unknown key 'nxt' (at nodes[0].responses[0].nxt)\n"
        "    hint: did you mean 'next'?"
    ]


def test_missing_required_key(problems):
    body = "nodes:\n  - id: start\n    say: Hi\n    responses:\n"
    body += "      - {intent: greet, next: done}\n" + ENDING
    assert problems(body) == [
        "s.yaml:10:5: error[E102]: missing required key 'phase' (at nodes[0].phase)\n"
        "    hint: add 'phase:' here"
    ]


def test_bad_literal_gets_suggestion(problems):
    body = "nodes:\n  - id: start\n    phase: openin\n    say: Hi\n    responses:\n"
    body += "      - {intent: greet, next: done}\n" + ENDING
    assert problems(body) == [
        "s.yaml:11:12: error[E103]: 'openin' is not allowed here (at nodes[0].phase)\n"
        "    hint: did you mean 'opening'?"
    ]


def test_bad_condition_points_inside_the_expression(problems):
    body = START
    body += "      - {intent: greet, next: done, when: trust = 3}\n" + ENDING
    out = problems(body)
    assert out[0].startswith(
        "s.yaml:14:49: error[E104]: invalid condition: unexpected character '=' "
        "('=' compares with '==') (at nodes[0].responses[0].when)"
    )


def test_unknown_node_reference(problems):
    body = START
    body += "      - {intent: greet, next: dne}\n" + ENDING
    assert problems(body) == [
        "s.yaml:10:3: error[E206]: no ending can be reached from the start node (at nodes)\n"
        "    hint: add a node with 'ending: {outcome: ...}' and a response leading to it",
        "s.yaml:14:31: error[E200]: no node with id 'dne' (at nodes[0].responses[0].next)\n"
        "    hint: did you mean 'done'?",
        "s.yaml:15:9: warning[W305]: no path reaches ending 'done' (at nodes[1].id)\n"
        "    hint: add a response whose 'next' leads here",
    ]


def test_unknown_intent(problems):
    body = START
    body += "      - {intent: greeet, next: done}\n" + ENDING
    assert problems(body) == [
        "s.yaml:14:18: error[E202]: unknown intent 'greeet' (at nodes[0].responses[0].intent)\n"
        "    hint: did you mean 'greet'?"
    ]


def test_unknown_fragment(problems):
    body = "include:\n  - fragment: verfy\nnodes:\n  - id: start\n    phase: opening\n"
    body += "    say: Hi\n    responses:\n      - {intent: greet, next: done}\n" + ENDING
    out = problems(
        body,
        extra={
            "_shared/verify.yaml": "fragment: verify\nnodes:\n"
            "  - {id: a, phase: verification, say: x}\n"
        },
    )
    assert out == [
        "s.yaml:10:15: error[E201]: unknown fragment 'verfy' (at include[0].fragment)\n"
        "    hint: fragments in _shared/: verify"
    ]


def test_duplicate_node_and_line_ids(problems):
    body = "nodes:\n  - id: start\n    phase: opening\n    say: [{id: l1, text: a}, {id: l1, text: b}]\n"
    body += "    responses:\n      - {intent: greet, next: done}\n"
    body += "  - {id: start, phase: opening, say: again}\n" + ENDING
    assert problems(body) == [
        "s.yaml:12:35: error[E203]: duplicate line id 'l1' (at nodes[0].say.lines[1].id)\n"
        "    hint: give each line its own id",
        "s.yaml:15:10: error[E203]: duplicate node id 'start' (at nodes[1].id)\n"
        "    hint: node ids must be unique; the first is nodes[0]",
    ]


def test_duplicate_scenario_id_across_library(tmp_path):
    from tests.unit.scenario.conftest import HEADER

    body = "nodes:\n  - {id: a, phase: closing, say: x, ending: {outcome: refused}}\n"
    (tmp_path / "a.yaml").write_text(HEADER + body, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(HEADER + body, encoding="utf-8")
    library = load_library([tmp_path])
    assert [d.format().replace(str(tmp_path) + "/", "") for d in library.diagnostics] == [
        "b.yaml:1:5: error[E203]: duplicate scenario id 't1' (at id)\n"
        "    hint: 't1' is already used by a.yaml; ids are unique across the library"
    ]


def test_undeclared_variable_in_condition_and_effect(problems):
    body = "state:\n  meters: {trust: {}}\nnodes:\n  - id: start\n    phase: opening\n"
    body += "    say: Hi\n    responses:\n"
    body += "      - intent: greet\n        when: trust > 5 and mood > 2\n"
    body += "        effects: {add: {trsut: 5}}\n        next: done\n" + ENDING
    assert problems(body) == [
        "s.yaml:17:29: error[E204]: undeclared name 'mood' (at nodes[0].responses[0].when)\n"
        "    hint: declare it under state: meters, variables or flags",
        "s.yaml:18:25: error[E204]: undeclared name 'trsut' (at nodes[0].responses[0].effects.add.trsut)\n"
        "    hint: did you mean 'trust'?",
    ]


def test_effect_outside_meter_range(problems):
    body = "state:\n  meters: {trust: {min: 0, max: 100}}\nnodes:\n  - id: start\n"
    body += "    phase: opening\n    say: Hi\n    responses:\n"
    body += (
        "      - {intent: greet, next: done, effects: {set: {trust: 150}, add: {trust: -500}}}\n"
    )
    body += ENDING
    assert problems(body) == [
        "s.yaml:16:60: error[E205]: setting 'trust' to 150 is outside 0..100 "
        "(at nodes[0].responses[0].effects.set.trust)",
        "s.yaml:16:79: error[E205]: adding -500 pushes meter 'trust' outside 0..100 "
        "(at nodes[0].responses[0].effects.add.trust)\n    hint: use a change of at most 100",
    ]


def test_no_reachable_ending(problems):
    body = START
    body += "      - {intent: greet}\n" + ENDING
    out = problems(body)
    assert (
        "s.yaml:10:3: error[E206]: no ending can be reached from the start node (at nodes)\n"
        "    hint: add a node with 'ending: {outcome: ...}' and a response leading to it" in out
    )


def test_warnings(problems):
    body = "state:\n  variables: {spare: {type: number}}\nnodes:\n"
    body += "  - id: start\n    phase: opening\n    say: Hi\n    responses:\n"
    body += "      - {intent: greet, next: loop_a}\n      - {intent: close_call, next: done}\n"
    body += "  - id: loop_a\n    phase: discovery\n    say: a\n    responses:\n"
    body += "      - {intent: greet, next: loop_b}\n"
    body += "  - id: loop_b\n    phase: discovery\n    say: b\n    responses:\n"
    body += "      - {intent: greet, next: loop_a}\n"
    body += "  - {id: stuck, phase: discovery, say: x}\n"
    body += "  - {id: lost_end, phase: closing, say: x, ending: {outcome: hung_up}}\n" + ENDING
    header = HEADER.replace("persona: hardship", "persona: sulky")
    assert problems(body, header=header) == [
        "s.yaml:4:10: warning[W304]: unknown persona 'sulky' (at persona)\n"
        "    hint: known personas: hardship, hostile, evasive, dispute, attorney, cease, "
        "third_party, inconvenient, vulnerable",
        "s.yaml:10:15: warning[W303]: 'spare' is declared but never read (at state.variables.spare)\n"
        "    hint: use it in a condition or line, or remove it",
        "s.yaml:18:9: warning[W302]: cycle with no exit: loop_a, loop_b (at nodes[1].id)\n"
        "    hint: add a response that leaves the loop towards an ending",
        "s.yaml:28:10: warning[W300]: node 'stuck' is unreachable (at nodes[3].id)\n"
        "    hint: add a response whose 'next' leads here, or remove it",
        "s.yaml:29:10: warning[W305]: no path reaches ending 'lost_end' (at nodes[4].id)\n"
        "    hint: add a response whose 'next' leads here",
    ]


def test_dead_end_warning(problems):
    body = START
    body += "      - {intent: greet, next: stuck}\n      - {intent: close_call, next: done}\n"
    body += "  - {id: stuck, phase: discovery, say: x, responses: [{intent: greet}]}\n" + ENDING
    assert problems(body) == [
        "s.yaml:16:10: warning[W301]: node 'stuck' is a dead end (at nodes[1].id)\n"
        "    hint: give it a response with 'next', or make it an ending"
    ]


def test_all_problems_in_a_file_are_reported(problems):
    body = "nodes:\n  - id: start\n    phase: openin\n    sy: Hi\n"
    out = problems(body)
    assert len(out) == 3


def test_deeply_nested_condition_is_an_error_not_a_crash(problems):
    body = START
    body += '      - intent: greet\n        when: "' + "(" * 200 + "1" + ")" * 200 + '"\n'
    body += "        next: done\n" + ENDING
    out = problems(body)
    assert (
        len(out) == 1 and "error[E104]: invalid condition: condition is nested too deeply" in out[0]
    )


def test_text_variable_cannot_be_ordered(problems):
    body = "state:\n  variables: {note: {type: string}}\nnodes:\n  - id: start\n"
    body += "    phase: opening\n    say: Hi\n    responses:\n"
    body += "      - {intent: greet, next: done, when: note > 5}\n" + ENDING
    assert problems(body) == [
        "s.yaml:16:43: error[E212]: 'note' is text, so '>' cannot use it "
        "(at nodes[0].responses[0].when)\n    hint: compare text only with == or !="
    ]


def test_names_are_unique_and_not_reserved(problems):
    body = "state:\n  variables: {trust: {type: number}}\n  flags: {trigger: false}\nnodes:\n"
    body += "  - id: start\n    phase: opening\n    say: Hi\n    responses:\n"
    body += "      - {intent: greet, next: done, when: trigger and trust > 1}\n" + ENDING
    out = problems(body)
    assert any("E203]: 'trust' is already declared under meters" in line for line in out)
    assert any("E213]: 'trigger' is reserved by the call engine" in line for line in out)


def test_a_reaction_is_not_a_designed_route_to_an_ending(problems):
    body = "reactions:\n  - {category: abusive_language, next: done}\nnodes:\n"
    body += "  - id: start\n    phase: opening\n    say: Hi\n    responses:\n"
    body += "      - {intent: greet}\n" + ENDING
    out = problems(body)
    assert any("error[E206]" in line for line in out)
