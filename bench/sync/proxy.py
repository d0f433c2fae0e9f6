#!/usr/bin/env python3
"""Counting TCP proxy on 127.0.0.1, optionally a slow link: each direction is a FIFO drained at
--rate-mbit, and every chunk is delivered --delay-ms after it left the FIFO (netem's
`delay D rate R` model, applied per chunk of at most 16 KiB). This is the fallback of
docs/slow-link.md for kernels without netem: it keeps round trips and bandwidth right
but hides TCP effects (Nagle, slow start). Bytes are counted as they are read; SIGUSR1 writes the
running totals to --stats as JSON ({"up", "down", "turns", "connections", "seq"}, seq counting the
dumps). A turn is a server-to-client chunk that follows client-to-server bytes on the same
connection: about one round trip each (pipelined commands share one). With --mode-file, each new
connection reads that file: "fast" means no delay and no rate limit for that connection.
All slow connections share one link per direction, as they would on a real line: a tool that opens
several connections gets more round trips in flight, not more bandwidth.
"""
import argparse
import asyncio
import collections
import json
import os
import signal
import time

CHUNK = 16 * 1024
QUEUE_LIMIT = 2 * 1024 * 1024  # bytes buffered per direction before reading pauses


class Totals:
    def __init__(self, path):
        self.path, self.up, self.down, self.turns, self.connections, self.seq = path, 0, 0, 0, 0, 0

    def save(self):
        self.seq += 1
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"up": self.up, "down": self.down, "turns": self.turns, "connections": self.connections, "seq": self.seq}, f)
        os.replace(tmp, self.path)


class Link:
    """One direction of the emulated line: the time its serializer is next free, shared by every
    slow connection (each chunk books its transmission slot when it leaves its connection's FIFO)."""
    def __init__(self):
        self.free_at = 0.0


async def pump(reader, writer, delay, rate, count, link):
    """Copies reader to writer; delay in seconds, rate in bytes per second on the shared link (0: unlimited)."""
    if delay == 0 and rate == 0:
        while data := await reader.read(256 * 1024):
            count(len(data))
            writer.write(data)
            await writer.drain()
    else:
        queue, queued, wake = collections.deque(), [0], asyncio.Event()
        room = asyncio.Event()
        room.set()

        async def deliver():
            while True:
                while not queue:
                    wake.clear()
                    await wake.wait()
                arrived, data = queue.popleft()
                if data is None:
                    return
                link.free_at = max(link.free_at, arrived) + (len(data) / rate if rate else 0)
                wait = link.free_at + delay - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
                queued[0] -= len(data)
                if queued[0] < QUEUE_LIMIT:
                    room.set()

        task = asyncio.ensure_future(deliver())
        while data := await reader.read(CHUNK):
            count(len(data))
            queue.append((time.monotonic(), data))
            queued[0] += len(data)
            wake.set()
            if queued[0] >= QUEUE_LIMIT:
                room.clear()
                await room.wait()
        queue.append((time.monotonic(), None))
        wake.set()
        await task
    try:
        writer.write_eof()
    except OSError:
        pass


async def serve(args):
    totals = Totals(args.stats)
    totals.save()
    rate = args.rate_mbit * 1e6 / 8
    delay = args.delay_ms / 1000
    uplink, downlink = Link(), Link()

    async def handle(client_reader, client_writer):
        slow = not (args.mode_file and os.path.exists(args.mode_file) and open(args.mode_file).read().strip() == "fast")
        conn_delay, conn_rate = (delay, rate) if slow else (0, 0)
        sent = [False]  # client bytes seen since the last server chunk

        def count_up(n):
            totals.up += n
            sent[0] = True

        def count_down(n):
            totals.down += n
            if sent[0]:
                totals.turns += 1
                sent[0] = False
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", args.target)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(pump(client_reader, server_writer, conn_delay, conn_rate, count_up, uplink),
                                 pump(server_reader, client_writer, conn_delay, conn_rate, count_down, downlink))
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass  # a reset or the proxy's own shutdown: the counts so far still go to the totals
        finally:
            for w in (server_writer, client_writer):
                w.close()
            totals.connections += 1

    server = await asyncio.start_server(handle, "127.0.0.1", args.listen)
    with open(args.ready, "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, totals.save)
    await stop.wait()
    server.close()
    totals.save()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--listen", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    p.add_argument("--target", type=int, required=True, help="port on 127.0.0.1 to forward to")
    p.add_argument("--delay-ms", type=float, default=0)
    p.add_argument("--rate-mbit", type=float, default=0)
    p.add_argument("--stats", required=True)
    p.add_argument("--mode-file", help='a file holding "fast" turns the delay and rate off for new connections')
    p.add_argument("--ready", required=True, help="file that receives the listening port")
    asyncio.run(serve(p.parse_args()))


if __name__ == "__main__":
    main()
