#!/usr/bin/env python3
"""measure.py OUT.json LOG -- COMMAND...: runs COMMAND (output to LOG) and writes its wall time,
CPU time (user + system, including its reaped children) and peak RSS (largest single process, from
wait4) as JSON. The exit status is kept in the record, not propagated."""
import json
import os
import subprocess
import sys
import time


def main(argv):
    out, log, sep, *command = argv
    assert sep == "--" and command, __doc__
    with open(log, "ab") as f:
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    record = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
              "rc": os.waitstatus_to_exitcode(status)}
    with open(out, "w") as f:
        json.dump(record, f)


if __name__ == "__main__":
    main(sys.argv[1:])
