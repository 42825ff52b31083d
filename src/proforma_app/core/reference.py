"""The CCG reference list (211 CCGs of 2013-2015) that ``ccg`` and ``area_team`` answer from."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from proforma_app.locations import paths


@dataclass(frozen=True, slots=True)
class Ccg:
    """One row of the reference list; column names follow the shipped CSV."""

    ods_code: str
    ons_code: str
    name: str
    area_team_code: str
    area_team_name: str
    region: str


@dataclass(frozen=True, slots=True)
class AreaTeam:
    """An NHS England area team as named in the reference list."""

    code: str
    name: str
    region: str


class CcgDirectory:
    """Look-ups over the reference list, by ODS code and by area team."""

    def __init__(self, ccgs: list[Ccg]) -> None:
        self._ccgs = sorted(ccgs, key=lambda c: c.name.casefold())
        self._by_code = {c.ods_code: c for c in ccgs}
        teams: dict[str, AreaTeam] = {}
        for c in ccgs:
            teams.setdefault(
                c.area_team_code, AreaTeam(c.area_team_code, c.area_team_name, c.region)
            )
        self._teams = dict(sorted(teams.items(), key=lambda kv: kv[1].name.casefold()))

    @classmethod
    def from_csv(cls, path: Path) -> CcgDirectory:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [Ccg(**row) for row in csv.DictReader(handle)]
        return cls(rows)

    @property
    def ccgs(self) -> list[Ccg]:
        """All CCGs, sorted by name."""
        return list(self._ccgs)

    @property
    def area_teams(self) -> list[AreaTeam]:
        """All area teams, sorted by name."""
        return list(self._teams.values())

    def ccg(self, ods_code: str) -> Ccg | None:
        return self._by_code.get(ods_code.strip().upper())

    def area_team(self, code: str) -> AreaTeam | None:
        return self._teams.get(code.strip().upper())

    def describe_ccg(self, ods_code: str) -> str:
        """'NHS Darlington CCG (00C)', or the code itself when unknown."""
        found = self.ccg(ods_code)
        return f"{found.name} ({found.ods_code})" if found else ods_code

    def describe_area_team(self, code: str) -> str:
        found = self.area_team(code)
        return f"{found.name} ({found.code})" if found else code


@cache
def ccg_directory() -> CcgDirectory:
    """The shipped reference list, read once per process."""
    return CcgDirectory.from_csv(paths.reference_csv())
