#!/usr/bin/env python3
"""Reads and changes the benchmark's two servers directly (never through the proxies).

  verify  A_PORT B_PORT [--mbsync] [--save F]   both servers identical in Message-ID, flags,
                                                INTERNALDATE and RFC822.SIZE, per mailbox; exit 1 if not
                                                (--mbsync: system flags only, since isync 1.4 does not
                                                sync keywords, and a copy may be larger by the 22-byte
                                                "X-TUID: ...." header mbsync inserts)
                                                (--save: both snapshots to F, for mutate)
  mutate  A_PORT B_PORT KIND PERCENT SEED [F]   KIND: flags | expunge | append; PERCENT of each
                                                mailbox on each side, disjoint between the sides
                                                (F: the snapshots verify saved; saves re-reading)
"""
import concurrent.futures
import imaplib
import json
import random
import re
import sys

import corpus

USER, PASSWORD = "alice", "alicepw"
ITEM = {name: re.compile(pattern) for name, pattern in {
    "uid": rb"UID (\d+)", "flags": rb"FLAGS \(([^)]*)\)", "date": rb'INTERNALDATE "([^"]+)"',
    "size": rb"RFC822\.SIZE (\d+)"}.items()}
X_TUID_LENGTH = len(b"X-TUID: 0123456789ab\r\n")
MESSAGE_ID = re.compile(rb"Message-ID:\s*(<[^>]*>)", re.I)
LIST_LINE = re.compile(rb'\((?P<attrs>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>"(?:[^"\\]|\\.)*"|\S+)$')


def connect(port):
    imap = imaplib.IMAP4("127.0.0.1", port)
    imap.login(USER, PASSWORD)
    return imap


def mailboxes(imap):
    names = []
    for line in imap.list('""', "*")[1]:
        m = LIST_LINE.search(line)
        if m and b"\\noselect" not in m["attrs"].lower() and b"\\nonexistent" not in m["attrs"].lower():
            names.append(m["name"].decode().strip('"'))
    return sorted(names)


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def messages(imap, mailbox, readonly=True):
    """{Message-ID: (uid, frozenset(flags), internaldate, size)} of one mailbox."""
    typ, _ = imap.select(quote(mailbox), readonly=readonly)
    if typ != "OK":
        raise RuntimeError(f"cannot select {mailbox}")
    typ, data = imap.uid("FETCH", "1:*", "(FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    result = {}
    for part in data:
        if not isinstance(part, tuple):
            continue
        head, body = part
        fields = {k: r.search(head) for k, r in ITEM.items()}
        mid = MESSAGE_ID.search(body)
        key = mid[1].decode() if mid else f"(no id, size {fields['size'][1].decode()})"
        flags = frozenset(f for f in fields["flags"][1].decode().split() if f != "\\Recent")
        while key in result:  # a duplicated message must show as a difference, not vanish
            key += "#dup"
        result[key] = (int(fields["uid"][1]), flags, fields["date"][1].decode(), int(fields["size"][1]))
    return result


def snapshot(port):
    imap = connect(port)
    try:
        return {mb: messages(imap, mb) for mb in mailboxes(imap)}
    finally:
        imap.logout()


def save_snapshots(path, a, b):
    plain = {side: {mb: {mid: [uid, sorted(flags), date, size] for mid, (uid, flags, date, size) in msgs.items()}
                    for mb, msgs in snap.items()} for side, snap in (("a", a), ("b", b))}
    with open(path, "w") as f:
        json.dump(plain, f)


def load_snapshots(path):
    with open(path) as f:
        plain = json.load(f)
    return [{mb: {mid: (uid, frozenset(flags), date, size) for mid, (uid, flags, date, size) in msgs.items()}
             for mb, msgs in plain[side].items()} for side in ("a", "b")]


def verify(port_a, port_b, mbsync=False, save=None):
    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # the two servers work at the same time
        a, b = pool.map(snapshot, (port_a, port_b))
    if save:
        save_snapshots(save, a, b)
    problems = []
    if set(a) != set(b):
        problems.append(f"mailboxes differ: only A {sorted(set(a) - set(b))}, only B {sorted(set(b) - set(a))}")
    count = 0
    for mb in sorted(set(a) & set(b)):
        ma, mbx = a[mb], b[mb]
        if set(ma) != set(mbx):
            problems.append(f"{mb}: {len(set(ma) - set(mbx))} only on A, {len(set(mbx) - set(ma))} only on B (A {len(ma)}, B {len(mbx)})")
        for mid in set(ma) & set(mbx):
            (_, fa, da, sa), (_, fb, db, sb) = ma[mid], mbx[mid]
            if mbsync:
                fa, fb = {f for f in fa if f.startswith("\\")}, {f for f in fb if f.startswith("\\")}
                if abs(sa - sb) == X_TUID_LENGTH:
                    sb = sa
            for what, x, y in (("flags", sorted(fa), sorted(fb)), ("INTERNALDATE", da, db), ("size", sa, sb)):
                if x != y:
                    problems.append(f"{mb} {mid}: {what} A={x} B={y}")
        count += len(ma)
    for p in problems[:10]:
        print("  MISMATCH " + p, file=sys.stderr)
    if len(problems) > 10:
        print(f"  ... {len(problems) - 10} more", file=sys.stderr)
    print(f"verify: {'OK' if not problems else 'FAILED'} ({len(a)} mailboxes, {count} messages on A)")
    return not problems


def choose(state, percent, seed):
    """Per mailbox, two disjoint seeded samples of Message-IDs: one for side A, one for side B."""
    picks = {}
    for mb, msgs in state.items():
        ids = sorted(msgs)
        random.Random(f"{seed}/{mb}").shuffle(ids)
        n = max(1, round(len(ids) * percent / 100)) if ids else 0
        picks[mb] = (ids[:n], ids[n:2 * n])
    return picks


def change_flags(imap, mailbox, msgs, ids, rng):
    """Each chosen message gets one change: toggle \\Seen or \\Flagged, or add/remove a keyword."""
    groups = {}
    for mid in ids:
        uid, flags, _, _ = msgs[mid]
        flag = rng.choice(["\\Seen", "\\Seen", "\\Flagged", "$label1", "work"])
        op = "-FLAGS.SILENT" if flag in flags else "+FLAGS.SILENT"
        groups.setdefault((op, flag), []).append(str(uid))
    for (op, flag), uids in groups.items():
        imap.uid("STORE", ",".join(uids), op, f"({flag})")


def expunge(imap, msgs, ids):
    uids = ",".join(str(msgs[mid][0]) for mid in ids)
    imap.uid("STORE", uids, "+FLAGS.SILENT", "(\\Deleted)")
    imap.uid("EXPUNGE", uids)


APPEND_CHUNK = 500  # messages per MULTIAPPEND command


def append(imap, mailbox, count, rng, tag):
    """MULTIAPPEND (RFC 3502) with LITERAL+ literals, APPEND_CHUNK messages a command: one APPEND a message
    waited a round trip and a mailbox sync each (over 7 minutes for 1,000 messages into 100,000)."""
    for start in range(0, count, APPEND_CHUNK):
        parts = []
        for i in range(start, min(start + APPEND_CHUNK, count)):
            data = corpus.render(rng, f"new.{tag}.{mailbox.lower()}.{i}@bench.example", f"new {tag} {i}", corpus.message_size(rng))
            system, keywords = corpus.flags(rng)
            date = imaplib.Time2Internaldate(corpus.BASE_TIME + rng.randint(0, 3_000_000))
            parts.append(f" ({' '.join(system + keywords)}) {date} {{{len(data)}+}}\r\n".encode() + data)
        command_tag = imap._new_tag()
        imap.send(command_tag + b" APPEND " + quote(mailbox).encode() + b"".join(parts) + b"\r\n")
        typ, data = imap._command_complete("APPEND", command_tag)
        if typ != "OK":
            raise RuntimeError(f"APPEND to {mailbox} failed: {data}")


def mutate(port_a, port_b, kind, percent, seed, saved=None):
    snapshots = load_snapshots(saved) if saved else None
    state = snapshots[0] if snapshots else snapshot(port_a)
    picks = choose(state, percent, seed)
    for side, port in ((0, port_a), (1, port_b)):
        imap = connect(port)
        rng = random.Random(f"{seed}/{kind}/{side}")
        try:
            for mb in sorted(picks):
                ids = picks[mb][side]
                if kind == "append":
                    append(imap, mb, len(ids), rng, f"{seed}.{side}")
                    continue
                if snapshots:
                    imap.select(quote(mb))
                    msgs = snapshots[side].get(mb, {})
                else:
                    msgs = messages(imap, mb, readonly=False)
                ids = [mid for mid in ids if mid in msgs]  # after a failed step the sides may differ
                if not ids:
                    imap.close()
                    continue
                if kind == "flags":
                    change_flags(imap, mb, msgs, ids, rng)
                elif kind == "expunge":
                    expunge(imap, msgs, ids)
                imap.close()
        finally:
            imap.logout()
    changed = sum(len(a) + len(b) for a, b in picks.values())
    print(f"mutate: {kind} on {changed} messages ({percent}% per side)")


def main(argv):
    if len(argv) >= 3 and argv[0] == "verify":
        save = argv[argv.index("--save") + 1] if "--save" in argv else None
        sys.exit(0 if verify(int(argv[1]), int(argv[2]), "--mbsync" in argv, save) else 1)
    if len(argv) in (6, 7) and argv[0] == "mutate":
        mutate(int(argv[1]), int(argv[2]), argv[3], float(argv[4]), int(argv[5]), argv[6] if len(argv) == 7 else None)
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
