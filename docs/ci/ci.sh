#!/bin/sh
# Any CI: a JUnit report for the CI's test tab, the human report in the log,
# and the exit code of the check (0 clean, 1 findings, 2 could not check).
set -u
tally check --format junit > tally-junit.xml
code=$?
tally check
exit "$code"
