#!/usr/bin/env python3
"""Seeded mail corpus for the sync benchmark, written straight into a Dovecot Maildir++ tree.

Sizes are log-normal (median 8 KiB, clamped to 2 KiB..2 MiB; 10 x 1,000 gives about 240 MB with headers and base64).
Small messages are text; larger ones carry a base64 attachment of random bytes, so COMPRESS sees a
realistic mix. Flags: \\Seen 60 %, \\Answered 8 %, \\Flagged 10 %, \\Draft 2 %, keywords 15 %.
INTERNALDATE is the file's mtime (Dovecot's maildir rule). The same seed gives the same bytes.
"""
import argparse
import base64
import math
import os
import random
import time

WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at which "
         "but have an they you were her all she there would their we him been has when who will more no "
         "if out so said what up its about into than them can only other new some could time these two "
         "may then do first any my now such like our over man me even most made after also did many "
         "before must through back years where much your way well down should because each just those "
         "people how too little state good very make world still own see men work long get here between "
         "both life being under never day same another know while last might us great old year off come "
         "since against go came right used take three meeting invoice report project budget schedule "
         "review draft release server mailbox folder message attachment").split()
KEYWORDS = ["$Forwarded", "$label1", "work", "personal"]
BASE_TIME = 1_730_000_000  # Oct 2024


def message_size(rng):
    return int(min(max(rng.lognormvariate(math.log(8192), 1.45), 2048), 2 * 1024 * 1024))


def text(rng, size):
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choices(WORDS, k=rng.randint(8, 14)))
        out.append(line)
        n += len(line) + 2
    return "\r\n".join(out)[:size]


def render(rng, message_id, subject, size):
    """One RFC 5322 message with CRLF line ends, about `size` bytes."""
    date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(BASE_TIME - rng.randint(0, 63_000_000)))
    head = (f"From: Sender {rng.randint(1, 500)} <sender{rng.randint(1, 500)}@example.net>\r\n"
            f"To: Alice <alice@example.org>\r\nSubject: {subject}\r\nDate: {date}\r\n"
            f"Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\n")
    if size <= 16384:
        body = text(rng, max(size - len(head) - 60, 200))
        return (head + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n").encode()
    boundary = f"b{rng.getrandbits(48):012x}"
    intro = text(rng, rng.randint(1000, 6000))
    raw = rng.randbytes(max((size - len(head) - len(intro) - 400) * 3 // 4, 100))
    encoded = base64.encodebytes(raw).decode().replace("\n", "\r\n")
    return (head + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{intro}\r\n"
            f"--{boundary}\r\nContent-Type: application/octet-stream; name=data.bin\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}--{boundary}--\r\n").encode()


def flags(rng):
    system = [f for f, p in (("\\Seen", .60), ("\\Answered", .08), ("\\Flagged", .10), ("\\Draft", .02)) if rng.random() < p]
    keywords = [k for k in KEYWORDS if rng.random() < .04]
    return system, keywords


def maildir_info(system, keywords):
    letters = {"\\Draft": "D", "\\Flagged": "F", "\\Answered": "R", "\\Seen": "S"}
    chars = [letters[f] for f in system] + [chr(ord("a") + KEYWORDS.index(k)) for k in keywords]
    return "".join(sorted(chars))


def mailbox_names(count):
    return ["INBOX"] + [f"Box{i:02d}" for i in range(1, count)]


def write_mailbox(root, name, count, seed, max_size):
    rng = random.Random(f"{seed}/{name}")
    folder = root if name == "INBOX" else os.path.join(root, "." + name)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    if name != "INBOX":
        open(os.path.join(folder, "maildirfolder"), "w").close()
    with open(os.path.join(folder, "dovecot-keywords"), "w") as f:
        f.writelines(f"{i} {k}\n" for i, k in enumerate(KEYWORDS))
    total = 0
    for i in range(count):
        size = min(message_size(rng), max_size)
        data = render(rng, f"{name.lower()}.{i}.{seed}@bench.example", f"{name} message {i}", size)
        system, keywords = flags(rng)
        received = BASE_TIME - rng.randint(0, 63_000_000)
        path = os.path.join(folder, "cur", f"{received}.M{i}P{seed}.bench,S={len(data)},W={len(data)}:2,{maildir_info(system, keywords)}")
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (received, received))
        total += len(data)
    return total


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("root", help="the user's Maildir root (INBOX); other mailboxes become .NAME/")
    p.add_argument("--mailboxes", type=int, default=10)
    p.add_argument("--messages", type=int, default=1000, help="per mailbox")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-size", type=int, default=2 * 1024 * 1024)
    p.add_argument("--big", type=int, default=0, help="instead: one mailbox with one message of this many bytes")
    a = p.parse_args()
    if a.big:
        rng = random.Random(a.seed)
        folder = a.root
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
        data = render(rng, f"big.{a.seed}@bench.example", "big message", a.big)
        path = os.path.join(folder, "cur", f"{BASE_TIME}.Mbig.bench,S={len(data)},W={len(data)}:2,S")
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (BASE_TIME, BASE_TIME))
        print(f"corpus: 1 message, {len(data)} bytes")
        return
    total = sum(write_mailbox(a.root, name, a.messages, a.seed, a.max_size) for name in mailbox_names(a.mailboxes))
    print(f"corpus: {a.mailboxes} mailboxes x {a.messages} messages, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
