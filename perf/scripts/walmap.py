# Counts the frames of a SQLite write-ahead log by the b-tree (table or index) each frame's page belongs to: which
# tables and indexes a settlement's commit writes (perf/README.md, sixth pass). Stop the server with kill -9 so that the
# log is left as it was, copy the database and its -wal next to each other, then run this on the copy (it reads the log
# first; opening the copy to look the pages up then checkpoints the copy's log away):
# usage: python3 perf/scripts/walmap.py COPY.db      (needs a sqlite3 module built with the dbstat table)
import collections
import sqlite3
import struct
import sys

database = sys.argv[1]
log = open(database + "-wal", "rb").read()
_, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">IIIIIIII", log[:32])
frames, offset = [], 32
while offset + 24 + page_size <= len(log):
    page, commit, frame_salt1, frame_salt2 = struct.unpack(">IIII", log[offset:offset + 16])
    if (frame_salt1, frame_salt2) != (salt1, salt2):
        break
    frames.append((page, commit))
    offset += 24 + page_size
last_commit = max(i for i, (_, commit) in enumerate(frames) if commit)
frames = frames[:last_commit + 1]
commits = sum(1 for _, commit in frames if commit)

# Opening the copy reads its log too, so dbstat maps pages as of the last commit.
owner = {page: name for name, page in sqlite3.connect(database).execute("SELECT name, pageno FROM dbstat")}
counts = collections.Counter(owner.get(page, "(free or new)") for page, _ in frames)
print(f"{len(frames)} frames in {commits} commits, {len(frames) / commits:.1f} per commit")
for name, count in counts.most_common():
    print(f"{count:7d} {100 * count / len(frames):5.1f} %  {name}")
