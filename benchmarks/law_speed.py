"""Benchmark: a batch of separations through `farewell law compute` as a whole process (issue 15: ≥ 20,000/s),
measured against an independent pure-Python implementation (law_reference.py) in the same run.

    .venv/bin/python benchmarks/law_speed.py                      # 10,000 separations, 5 rounds
    .venv/bin/python benchmarks/law_speed.py --save /tmp/golden.json
    .venv/bin/python benchmarks/law_speed.py --compare /tmp/golden.json
    .venv/bin/python benchmarks/law_speed.py --against /tmp/old-tree --seeds 15 16 17 --lang zh en

Each round runs, one after the other on the same input file, the command the contract pins
(`.venv/bin/python -m farewell law compute --input FILE`, empty environment) and the reference
(`benchmarks/law_reference.py FILE`), each timed from start to exit, with the CPU time of the process
and its forked workers (`resource.getrusage(RUSAGE_CHILDREN)`). Printed with the load average and the
CPUs this process may use (`os.sched_getaffinity`): on two cores shared with other work the wall time
says as much about the others as about the engine, so the CPU times and a projection for idle cores are
printed too. The reference computes the money and the verdict only (no formulas, messages or
procedure): the engine's result must agree with it on every one of those fields, and it is checked.

`--instructions` counts the instructions each executes under valgrind instead (load-independent).
`--compare FILE` checks that every round's output is byte for byte a saved one; `--against DIR` runs the
`farewell` package of another tree (an older commit: `git archive <commit> farewell | tar -x -C DIR`) on
the same inputs and requires identical bytes (speed work must not change the output).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from law_batch import batch  # noqa: E402
from law_reference import FIELDS  # noqa: E402

TARGET_PER_SECOND = 20_000
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():  # a git worktree without its own venv: the interpreter running this script
    PYTHON = Path(sys.executable)
ENV = {"PATH": "/usr/bin:/bin"}


def machine() -> str:
    one, five, fifteen = os.getloadavg()
    return (f"load average {one:.2f} {five:.2f} {fifteen:.2f}; {len(os.sched_getaffinity(0))} CPUs usable "
            f"of {os.cpu_count()}")


def timed(command: list[str], cwd: Path) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds of the process and its workers, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[1:4]} exit {done.returncode}: {done.stderr.decode()[:500]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def engine(path: Path, *, tree: Path = ROOT, lang: str | None = None) -> tuple[float, float, bytes]:
    command = [str(PYTHON), "-m", "farewell", "law", "compute", "--input", str(path)]
    return timed(command + (["--lang", lang] if lang else []), tree)


def reference(path: Path) -> tuple[float, float, bytes]:
    return timed([str(PYTHON), str(HERE / "law_reference.py"), str(path)], ROOT)


def disagreements(engine_out: bytes, reference_out: bytes) -> list[tuple[int, str, object, object]]:
    ours, theirs = json.loads(engine_out), json.loads(reference_out)
    return [(index, name, a.get(name), b[name]) for index, (a, b) in enumerate(zip(ours, theirs, strict=True))
            for name in FIELDS if a.get(name) != b[name]]


def instructions(command: list[str], cwd: Path) -> list[int]:
    """Instructions executed by each process of `command` (valgrind's Ir, workers included): a count the
    load of the machine does not change, unlike every time."""
    import re

    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                           "--cachegrind-out-file=/dev/null", *command], cwd=cwd, env={**ENV, "PYTHONHASHSEED": "0"},
                          capture_output=True, check=True)
    return [int(n.replace(b",", b"")) for n in re.findall(rb"I\s+refs:\s+([\d,]+)", done.stderr)]


def count_instructions(count: int, seed: int) -> int:
    """The engine and the reference in instructions, on `count` inputs and on none (the start-up)."""
    path = write_batch(count, seed)
    empty = path.with_suffix(".empty.json")
    empty.write_text("[]")
    rows = {}
    for name, build in (("engine", lambda f: [str(PYTHON), "-m", "farewell", "law", "compute", "--input", str(f)]),
                        ("reference", lambda f: [str(PYTHON), str(HERE / "law_reference.py"), str(f)])):
        full, start = instructions(build(path), ROOT), instructions(build(empty), ROOT)
        per_item = (sum(full) - len(full) * start[0]) / count
        rows[name] = (full, start[0], per_item)
        print(f"{name}: {len(full)} process(es), {', '.join(f'{n / 1e6:,.0f}M' for n in full)} instructions "
              f"for {count:,} separations; start-up {start[0] / 1e6:,.0f}M; {per_item / 1e3:,.0f}k a separation")
    path.unlink()
    empty.unlink()
    engine_longest, reference_longest = max(rows["engine"][0]), max(rows["reference"][0])
    print(f"per separation the engine executes {rows['engine'][2] / rows['reference'][2]:.2f}× the reference's "
          f"instructions (with its explanations and procedure); its longest process {engine_longest / 1e6:,.0f}M "
          f"vs the reference's {reference_longest / 1e6:,.0f}M: {reference_longest / engine_longest:.2f}× as fast "
          f"on idle cores at equal instructions a second")
    return 0


def write_batch(count: int, seed: int) -> Path:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(batch(count, seed), handle, ensure_ascii=False)
        return Path(handle.name)


def against(old_tree: Path, count: int, seeds: list[int], langs: list[str]) -> int:
    """Byte-for-byte the output of the `farewell` package in `old_tree`, on `count` inputs per seed and language."""
    failures = 0
    for seed in seeds:
        path = write_batch(count, seed)
        for lang in langs:
            new = engine(path, lang=lang)[2]
            old = engine(path, tree=old_tree, lang=lang)[2]
            same = new == old
            failures += not same
            print(f"seed {seed}, {count:,} separations, --lang {lang}: {len(new):,} bytes, "
                  f"{'identical to' if same else 'DIFFERENT from'} {old_tree}")
        path.unlink()
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--save", type=Path, help="write the output of the first run here")
    parser.add_argument("--compare", type=Path, help="fail unless every run's output equals this file")
    parser.add_argument("--against", type=Path, help="a tree holding an older `farewell` package: outputs must be equal")
    parser.add_argument("--seeds", type=int, nargs="+", default=[15, 16, 17], help="with --against")
    parser.add_argument("--lang", nargs="+", default=["zh", "en"], help="with --against")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under valgrind instead of timing (use --count 2000: ~50× slower)")
    args = parser.parse_args()
    print(machine())
    if args.against:
        return against(args.against, args.count, args.seeds, args.lang)
    if args.instructions:
        return count_instructions(args.count, args.seed)

    path = write_batch(args.count, args.seed)
    print(f"{args.count:,} separations (seed {args.seed}), {path.stat().st_size / 1e6:.1f} MB in")
    expected = args.compare.read_bytes() if args.compare else None
    ours, theirs = [], []
    for number in range(args.runs):
        wall, cpu, output = engine(path)
        ref_wall, ref_cpu, ref_output = reference(path)
        ours.append((wall, cpu))
        theirs.append((ref_wall, ref_cpu))
        print(f"  round {number + 1}: engine {wall:.3f} s wall = {args.count / wall:,.0f}/s, CPU {cpu:.3f} s; "
              f"reference {ref_wall:.3f} s wall = {args.count / ref_wall:,.0f}/s, CPU {ref_cpu:.3f} s; "
              f"engine/reference {ref_wall / wall:.2f}× (wall); {machine()}")
        if number == 0:
            wrong = disagreements(output, ref_output)
            print(f"  the engine and the reference agree on {', '.join(FIELDS)} for "
                  f"{args.count - len({i for i, *_ in wrong}):,} of {args.count:,} separations")
            for index, name, a, b in wrong[:5]:
                print(f"    [{index}] {name}: engine {a!r}, reference {b!r}")
            if args.save:
                args.save.write_bytes(output)
        if expected is not None and output != expected:
            print(f"  OUTPUT DIFFERS from {args.compare}")
            return 1

    best = min(wall for wall, _ in ours)
    median_cpu = sorted(cpu for _, cpu in ours)[len(ours) // 2]
    ref_best = min(wall for wall, _ in theirs)
    ref_cpu = sorted(cpu for _, cpu in theirs)[len(theirs) // 2]
    print(f"engine: best {best:.3f} s = {args.count / best:,.0f} separations/s (target {TARGET_PER_SECOND:,}/s: "
          f"{'met' if args.count / best >= TARGET_PER_SECOND else 'NOT met'} in wall time here); median CPU {median_cpu:.3f} s")
    print(f"reference: best {ref_best:.3f} s = {args.count / ref_best:,.0f}/s; median CPU {ref_cpu:.3f} s "
          f"(one process); the engine is {ref_best / best:.2f}× its speed in wall time, "
          f"{ref_cpu / median_cpu:.2f}× in CPU time")
    # What idle cores would give: the start-up (measured on an empty list) runs alone, the rest is shared by
    # the CPUs usable here. Under load the CPU times themselves are inflated, so this is a lower bound.
    empty = path.with_suffix(".empty.json")
    empty.write_text("[]")
    startup = min(engine(empty)[1] for _ in range(5))
    empty.unlink()
    cpus = min(len(os.sched_getaffinity(0)), 2)
    projected = startup + (median_cpu - startup) / cpus
    print(f"start-up CPU {startup:.3f} s; projected on {cpus} idle cores: {projected:.3f} s = "
          f"{args.count / projected:,.0f} separations/s; the reference on one idle core: "
          f"{args.count / ref_cpu:,.0f}/s")
    if expected is not None:
        print(f"output identical to {args.compare} in every run")
    path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
