#!/usr/bin/env python3
"""report.py RAW.jsonl [--corpus ...]: the markdown report of a run.sh benchmark (medians of the
runs, ratios against each peer, the targets of issue 8, and the COMPRESS comparison)."""
import argparse
import json
import os
import statistics
import subprocess
from collections import defaultdict

STEPS = ["initial", "noop", "flags", "expunge", "append", "big"]
INCREMENTAL = ["noop", "flags", "expunge", "append"]
# imapsync-base: an older imapsync build (IMAPSYNC_BASE_BIN), to compare a change with in the same run.
TOOLS = ["imapsync", "imapsync-base", "interimap", "mbsync", "floor"]
PEERS = ["imapsync-base", "interimap", "mbsync", "floor"]


def load(path):
    groups = defaultdict(list)
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            groups[(r["link"], r["tool"], r["compress"], r["step"])].append(r)
    return groups


def summarize(records):
    med = {k: statistics.median(r.get(k, 0) for r in records) for k in ("wall", "cpu", "rss_kb", "wire_local", "wire_remote", "turns_remote")}
    ok = [r for r in records if r["verified"] != "no" and r["rc"] == 0]
    med["verified"] = ("yes" if all(r["verified"] == "yes" for r in records) else records[0]["verified"]) \
        if len(ok) == len(records) else f"NO ({len(records) - len(ok)} of {len(records)} failed)"
    med["n"] = len(records)
    return med


def version(package):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True).stdout or "?"
    except OSError:
        return "?"


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}×"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("raw")
    for opt in ("corpus", "runs", "delay-ms", "rate-mbit", "load-before", "load-after", "command", "lean", "slow-initial-runs", "started", "commit"):
        p.add_argument("--" + opt, default="?")
    a = p.parse_args()
    g = {k: summarize(v) for k, v in load(a.raw).items()}
    rtt = 2 * float(a.delay_ms) / 1000
    rate = float(a.rate_mbit) * 1e6 / 8
    links = [l for l in ("loopback", "slow") if any(k[0] == l for k in g)]
    out = []
    w = out.append
    w("# Whole-sync benchmark: imapsync, InterIMAP, mbsync, floor\n")
    w(f"Reproduce: `{a.command}` (from the repository root; see `bench/sync/README.md`).\n")
    w(f"- Corpus: {a.corpus.removeprefix('corpus: ')}; seed-determined; all of it starts on the remote server, the local one is empty.")
    w(f"- Started {a.started}. Medians of {a.runs} run(s) per cell (column n: the runs a cell has); every step was verified (Message-ID, flags, INTERNALDATE, size on both servers) before its numbers were kept.")
    w(f"- Machine: {os.cpu_count()} vCPUs, shared with other developers' builds and tests. Load before: `{a.load_before.strip()}`; after: `{a.load_after.strip()}`.")
    w(f"- Servers: two Dovecot {version('dovecot-imapd')} on 127.0.0.1 (Maildir, separator `/`). Peers: interimap {version('interimap')}, isync (mbsync) {version('isync')}. imapsync: native AOT build of commit {a.commit}.")
    w(f"- Every tool connects to both servers over TCP through a counting proxy on 127.0.0.1 (bytes on the wire = both directions, both servers). "
      f"Slow link: the remote server only, through a proxy that adds {a.delay_ms} ms each way and drains each direction at {a.rate_mbit} Mbit/s, shared by all its connections — "
      "the fallback of slow-link.md, because this kernel has no netem (no veth/namespace is made). It keeps round trips and bandwidth but hides Nagle and slow start.")
    w("- COMPRESS `on` = COMPRESS=DEFLATE on the remote connection only (InterIMAP's default), `off` = none (for mbsync 1.4, which compresses whenever offered: `DisableExtensions COMPRESS=DEFLATE`).")
    if a.lean == "1":
        w("- `--lean` plan (to fit the machine's time): COMPRESS `on` is measured for the initial sync only, on loopback only for imapsync, never for mbsync; "
          f"the slow link's initial syncs (and its floor) are measured in the first {a.slow_initial_runs} run(s) only: later runs copy at loopback speed, verify, then measure their incremental steps over the slow link.")
    w("- Remote turns: server replies that follow client bytes on the remote connection(s), about one round trip each.")
    w("- Wall = whole process; CPU = user+system of the tool's process (servers and proxies excluded); RSS = its peak resident set (wait4).")
    w("- mbsync 1.4 does not synchronize keywords and inserts a 22-byte `X-TUID` header into each copy: its steps are verified with exactly these differences allowed (`mbsync-rules`).\n")
    for link in links:
        w(f"## {'Loopback' if link == 'loopback' else f'Slow link ({a.delay_ms} ms each way, {a.rate_mbit} Mbit/s, remote only)'}\n")
        w("| step | tool | COMPRESS | n | wall s | CPU s | peak RSS MB | wire MB (remote) | remote turns | verified | imapsync faster by |")
        w("|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
        for step in STEPS:
            for tool in TOOLS:
                for comp in ("off", "on"):
                    s = g.get((link, tool, comp, step))
                    if not s:
                        continue
                    mine = g.get((link, "imapsync", comp, step)) or g.get((link, "imapsync", "off", step))
                    ratio = s["wall"] / mine["wall"] if mine and tool != "imapsync" else None
                    w(f"| {step} | {tool} | {comp} | {s['n']} | {s['wall']:.2f} | {s['cpu']:.2f} | {s['rss_kb'] / 1024:.0f} | "
                      f"{(s['wire_local'] + s['wire_remote']) / 1e6:.1f} ({s['wire_remote'] / 1e6:.1f}) | {s['turns_remote']:.0f} | {s['verified']} | {fmt_ratio(ratio)} |")
        w("")
    w("## Targets of issue 8\n")
    w("| target | measured | met |")
    w("|---|---|---|")

    def wall(link, tool, comp, step):
        s = g.get((link, tool, comp, step))
        return s["wall"] if s else None

    def row(name, value, ok):
        w(f"| {name} | {value} | {'–' if ok is None else ('yes' if ok else '**missed**')} |")

    me = wall("loopback", "imapsync", "off", "initial")
    for peer, target, sense in (("floor", 1.0, "≤"), ("interimap", 1.5, "≥"), ("mbsync", 3.0, "≥")):
        other = wall("loopback", peer, "off", "initial")
        if me and other:
            if peer == "floor":
                row(f"loopback initial sync, COMPRESS off: ≤ 1.0× the floor", f"{me / other:.2f}× ({me:.2f} s vs {other:.2f} s)", me / other <= target)
            else:
                row(f"loopback initial sync, COMPRESS off: ≥ {target}× faster than {peer}", f"{other / me:.2f}× ({me:.2f} s vs {other:.2f} s)", other / me >= target)
    for comp in ("off", "on"):
        for step in INCREMENTAL:
            mine, theirs = wall("slow", "imapsync", comp, step), wall("slow", "interimap", comp, step)
            if mine and theirs:
                row(f"slow link {step}, COMPRESS {comp}: ≥ 5× faster than interimap", f"{theirs / mine:.2f}× ({mine:.2f} s vs {theirs:.2f} s)", theirs / mine >= 5)
        s = g.get(("slow", "imapsync", comp, "initial"))
        if s:
            floor = s["wire_remote"] / rate + 4 * rtt
            row(f"slow link initial, COMPRESS {comp}: within 1.2× of the link floor (its remote bytes ÷ bandwidth + 4 RTT)",
                f"{s['wall'] / floor:.2f}× ({s['wall']:.2f} s vs {floor:.2f} s)", s["wall"] / floor <= 1.2)
    for link in links:
        mine, theirs = wall(link, "imapsync", "off", "noop"), wall(link, "mbsync", "off", "noop")
        if mine and theirs:
            row(f"{link} no-op resync no slower than mbsync", f"{mine:.2f} s vs {theirs:.2f} s", mine <= theirs)
    rss = [s["rss_kb"] / 1024 for k, s in g.items() if k[1] == "imapsync" and k[3] != "big"]
    if rss:
        row("peak RSS ≤ 64 MB on this corpus (any step, link, COMPRESS)", f"{max(rss):.0f} MB", max(rss) <= 64)
    big = g.get(("loopback", "imapsync", "off", "big"))
    if big:
        row("peak RSS ≤ 64 MB while copying one big message", f"{big['rss_kb'] / 1024:.0f} MB", big["rss_kb"] / 1024 <= 64)
    w("")
    w("## COMPRESS on vs off (initial sync, median wall s / remote MB)\n")
    w("| link | tool | off | on | on ÷ off (time) |")
    w("|---|---|---|---|---:|")
    for link in links:
        for tool in TOOLS:
            off, on = g.get((link, tool, "off", "initial")), g.get((link, tool, "on", "initial"))
            if off and on:
                w(f"| {link} | {tool} | {off['wall']:.2f} s / {off['wire_remote'] / 1e6:.1f} MB | {on['wall']:.2f} s / {on['wire_remote'] / 1e6:.1f} MB | {on['wall'] / off['wall']:.2f} |")
    w("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
