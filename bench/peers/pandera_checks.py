"""The three hierarchy checks of scripts/bench-peers.sh with pandas + pandera.

    python pandera_checks.py DIR      # DIR holds values.csv and regions.csv

Same definitions as bench/src/bin/csv-checks.rs: for an additive indicator
the sub-regions' figures (empty ones skipped) add up to the region's own;
a percentage (an indicator named ...率) lies in [0, 100]; every region is in
regions.csv. Prints `findings breakdown-sum-mismatch=N
percentage-out-of-range=N unknown-region=N` (failure cases per check).
"""
import re
import sys

import pandas as pd
import pandera.pandas as pa


def kind(indicator):
    if "增速" in indicator or "增长" in indicator:
        return "growth"
    return "percent" if re.sub(r"（.*$", "", indicator).endswith("率") else "additive"


def main(folder):
    strings = {"region_id": str, "parent_id": str, "level": str, "indicator": str}
    values = pd.read_csv(f"{folder}/values.csv", dtype={**strings, "value": float})
    registry = pd.read_csv(f"{folder}/regions.csv", dtype=str)
    kinds = {i: kind(i) for i in values["indicator"].unique()}
    values["kind"] = values["indicator"].map(kinds)

    def sums_match(df):
        additive = df[df["kind"] == "additive"]
        sums = additive.groupby(["parent_id", "indicator"])["value"].sum()
        sums.index.names = ["region_id", "indicator"]
        joined = df.join(sums.rename("children"), on=["region_id", "indicator"])
        return joined["children"].isna() | (joined["value"] == joined["children"])

    def percent_in_range(df):
        return (df["kind"] != "percent") | df["value"].isna() | df["value"].between(0, 100)

    known = set(registry["region_id"])
    schema = pa.DataFrameSchema(
        {
            "region_id": pa.Column(str),
            "parent_id": pa.Column(str, nullable=True),
            "indicator": pa.Column(str),
            "value": pa.Column(float, nullable=True),
        },
        checks=[
            pa.Check(sums_match, name="breakdown-sum-mismatch"),
            pa.Check(percent_in_range, name="percentage-out-of-range"),
            pa.Check(lambda df: df["region_id"].isin(known), name="unknown-region"),
        ],
    )
    counts = {"breakdown-sum-mismatch": 0, "percentage-out-of-range": 0, "unknown-region": 0}
    try:
        schema.validate(values, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        # A dataframe-wide check fails once per row and column: count rows.
        for check, group in cases.groupby("check"):
            counts[check] = group["index"].nunique()
    print(" ".join(["findings"] + [f"{k}={v}" for k, v in counts.items()]))


if __name__ == "__main__":
    main(sys.argv[1])
