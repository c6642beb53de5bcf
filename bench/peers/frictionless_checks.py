"""The three hierarchy checks of scripts/bench-peers.sh with frictionless.

    python frictionless_checks.py DIR      # DIR holds values.csv and regions.csv

Same definitions as bench/src/bin/csv-checks.rs, as one custom check that
frictionless runs over every row of values.csv (validated against a schema:
types, required fields); the sums are compared at the end. Prints
`findings breakdown-sum-mismatch=N percentage-out-of-range=N unknown-region=N`.
"""
import csv
import re
import sys

from frictionless import Check, Checklist, Resource, Schema, errors, fields


def kind(indicator):
    if "增速" in indicator or "增长" in indicator:
        return "growth"
    return "percent" if re.sub(r"（.*$", "", indicator).endswith("率") else "additive"


class Hierarchy(Check):
    type = "hierarchy"
    Errors = [errors.RowError]

    def __init__(self, known):
        super().__init__()
        self.known = known
        self.kinds = {}
        self.own = {}
        self.sums = {}
        self.counts = {"breakdown-sum-mismatch": 0, "percentage-out-of-range": 0, "unknown-region": 0}

    def validate_row(self, row):
        region, parent, indicator, value = row["region_id"], row["parent_id"], row["indicator"], row["value"]
        k = self.kinds.get(indicator)
        if k is None:
            k = self.kinds[indicator] = kind(indicator)
        if region not in self.known:
            self.counts["unknown-region"] += 1
            yield errors.RowError.from_row(row, note="unknown-region")
        if value is None:
            return
        if k == "percent" and not 0 <= value <= 100:
            self.counts["percentage-out-of-range"] += 1
            yield errors.RowError.from_row(row, note="percentage-out-of-range")
        elif k == "additive":
            self.own[(region, indicator)] = value
            if parent:
                key = (parent, indicator)
                self.sums[key] = self.sums.get(key, 0) + value

    def validate_end(self):
        for key, total in self.sums.items():
            own = self.own.get(key)
            if own is not None and own != total:
                self.counts["breakdown-sum-mismatch"] += 1
        return iter(())


def main(folder):
    with open(f"{folder}/regions.csv", newline="", encoding="utf-8") as f:
        known = {row["region_id"] for row in csv.DictReader(f)}
    schema = Schema(
        fields=[
            fields.StringField(name="region_id", constraints={"required": True}),
            fields.StringField(name="parent_id"),
            fields.StringField(name="level"),
            fields.StringField(name="indicator", constraints={"required": True}),
            fields.NumberField(name="value"),
        ]
    )
    check = Hierarchy(known)
    resource = Resource(f"{folder}/values.csv", schema=schema)
    resource.validate(Checklist(checks=[check]), limit_errors=10**9)
    print(" ".join(["findings"] + [f"{k}={v}" for k, v in check.counts.items()]))


if __name__ == "__main__":
    main(sys.argv[1])
