# The storage calibration of perf/README.md (sixth pass): append 116 pages of 4 KiB (a commit's log at 2,500/s), then
# fsync, 1,000 times; then the same pages overwritten in place. Prints p50 and p99 of one round.
# usage: python3 perf/scripts/disk.py [directory, default /tmp]
import os
import sys
import time

PAGE = b"x" * 4096


def run(path, overwrite):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    rounds, offset = [], 0
    try:
        for _ in range(1000):
            if overwrite:
                offset = 0
            start = time.perf_counter()
            for _ in range(116):
                os.pwrite(fd, PAGE, offset)
                offset += len(PAGE)
            os.fsync(fd)
            rounds.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(fd)
        os.unlink(path)
    rounds.sort()
    return f"p50 {rounds[500]:.2f} ms, p99 {rounds[990]:.2f} ms"


path = os.path.join(sys.argv[1] if len(sys.argv) > 1 else "/tmp", f"nankang-disk-{os.getpid()}.bin")
print("append 116 pages, then fsync:", run(path, overwrite=False))
print("overwrite 116 pages, then fsync:", run(path, overwrite=True))
