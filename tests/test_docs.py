"""The README documents every finding code and every command."""

from __future__ import annotations

import re

from conftest import ROOT

from cchc_audit.extract.domain.findings import CATALOGUE, Code
from cchc_audit.flows.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_finding_code_is_in_the_readme_table():
    documented = set(re.findall(r"^\| `([a-z-]+)` \| (?:error|warning|info) \|", README, re.MULTILINE))
    assert documented == {code.value for code in Code}


def test_readme_severities_match_the_catalogue():
    for code in Code:
        assert f"| `{code.value}` | {CATALOGUE[code].severity.value} |" in README


def test_every_command_and_option_is_documented():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, command in commands.items():
        assert f"cchc-audit {name}" in README, name
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"{name} {option}"


def test_readme_starts_with_the_two_setup_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make audit" in first_block and "make test" in first_block
