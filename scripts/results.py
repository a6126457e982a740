#!/usr/bin/env python3
"""Reads one VM run: the guest's results channel and the kernel console.

Counts every KUnit case (from the KTAP of each suite's debugfs results) and
every VM test, fails the run on any kernel splat in the console (KASAN,
lockdep, WARNING, BUG, Oops, kmemleak), prints what failed with its log,
writes "passed failed skipped" to --counts, and exits non-zero on failure.
"""
import argparse
import re
import sys

# A console line matching any of these fails the run whatever the tests said.
SPLATS = [
    r"BUG: ", r"WARNING: ", r"Oops", r"KASAN", r"UBSAN", r"kernel BUG",
    r"general protection fault", r"Kernel panic", r"unreferenced object",
    r"possible circular locking", r"possible recursive locking",
    r"inconsistent lock state", r"suspicious RCU usage",
    r"ODEBUG", r"INFO: task .* blocked", r"soft lockup", r"hard LOCKUP",
    r"list_add corruption", r"list_del corruption", r"Call Trace:",
    r"refcount_t: ", r"segfault at",
]
SPLAT_RE = re.compile("|".join(SPLATS))
RESULT_RE = re.compile(r"^(\s*)(not ok|ok) (\d+)(?: - | )?([^#]*?)\s*(#\s*(\w+).*)?$")


def parse_ktap(lines):
    """Case results of one suite's KTAP: (name, 'pass'|'fail'|'skip').

    The debugfs file holds the suite at the outermost level that has a
    "# Subtest:" header; its cases are the result lines one level deeper.
    Parameterised cases print their parameters one level further in; the
    case line itself carries the verdict.
    """
    depth_of = []
    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        depth_of.append((indent, line.strip(), line))
    # The suite header "# Subtest: name" sets the case indentation: its own.
    case_indent = None
    for indent, text, _ in depth_of:
        if text.startswith("# Subtest:"):
            case_indent = indent
            break
    cases = []
    if case_indent is None:
        return cases, None
    suite_verdict = None
    for indent, text, line in depth_of:
        m = RESULT_RE.match(line)
        if not m:
            continue
        status = "pass" if m.group(2) == "ok" else "fail"
        if m.group(6) and m.group(6).upper() == "SKIP":
            status = "skip"
        if indent == case_indent:
            cases.append((m.group(4).strip(), status))
        elif indent < case_indent:
            suite_verdict = status
    return cases, suite_verdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--console", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--counts")
    ap.add_argument("--expect", default="")
    ap.add_argument("--kunit", action="store_true")
    ap.add_argument("--show-log", action="store_true",
                    help="print every test's log, not only failures'")
    args = ap.parse_args()

    def read(path):
        try:
            with open(path, errors="replace") as f:
                return f.read().replace("\r", "").splitlines()
        except OSError:
            return []

    results = read(args.results)
    console = read(args.console)
    passed = failed = skipped = 0
    logs = {}
    seen = set()
    ended = any(l.startswith("MYTCP-END") for l in results)

    # KUnit
    if args.kunit:
        suites = {}
        cur = None
        kunit_end = False
        for line in results:
            if line.startswith("KTAP-BEGIN "):
                cur = line.split()[1]
                suites[cur] = []
            elif line.startswith("KTAP-END"):
                cur = None
            elif cur is not None:
                suites[cur].append(line)
            elif line.startswith("KUNIT-MISSING ") or line.startswith("KUNIT-ERROR"):
                print(f"FAIL kunit: {line}")
                failed += 1
            elif line.startswith("KUNIT-END"):
                kunit_end = True
        if not kunit_end:
            print("FAIL kunit: the KUnit run did not finish")
            failed += 1
        for suite, lines in suites.items():
            cases, verdict = parse_ktap(lines)
            if not cases:
                print(f"FAIL kunit {suite}: no test cases found in its results")
                failed += 1
                continue
            sp = sum(1 for _, s in cases if s == "pass")
            sf = [n for n, s in cases if s == "fail"]
            ss = sum(1 for _, s in cases if s == "skip")
            passed, failed, skipped = passed + sp, failed + len(sf), skipped + ss
            print(f"{'FAIL' if sf else 'PASS'} kunit {suite}: {sp} passed, "
                  f"{len(sf)} failed, {ss} skipped")
            if sf:
                for l in lines:
                    print("    " + l)
            elif verdict == "fail":
                print(f"FAIL kunit {suite}: the suite failed outside its cases")
                failed += 1

    # VM tests
    for line in results:
        if line.startswith("LOG "):
            _, name, *rest = line.split(" ", 2)
            logs.setdefault(name, []).append(rest[0] if rest else "")
        elif line.startswith("TEST "):
            parts = line.split(" ", 4)
            name, verdict = parts[1], parts[2]
            secs = parts[3] if len(parts) > 3 else "?"
            seen.add(name)
            extra = " " + parts[4] if len(parts) > 4 else ""
            if args.show_log and verdict != "FAIL":
                for l in logs.get(name, []):
                    print("    " + l)
            print(f"{verdict} {name} ({secs}s){extra}")
            if verdict == "PASS":
                passed += 1
            elif verdict == "SKIP":
                skipped += 1
                for l in logs.get(name, [])[-3:]:
                    print("    " + l)
            else:
                failed += 1
                for l in logs.get(name, [])[-40:]:
                    print("    " + l)
    for name in [t for t in args.expect.split(",") if t]:
        if name not in seen:
            print(f"FAIL {name}: did not run (the VM stopped before it)")
            failed += 1
    if not ended:
        print("FAIL vm: the guest did not reach its end (hang, panic or timeout);"
              f" console: {args.console}")
        failed += 1

    # Kernel splats
    bad = [i for i, l in enumerate(console) if SPLAT_RE.search(l)]
    if bad:
        failed += 1
        print(f"FAIL console: {len(bad)} kernel splat line(s) in {args.console}:")
        shown = 0
        for i in bad:
            for l in console[max(0, i - 2):i + 12]:
                print("    " + l)
            print("    ...")
            shown += 1
            if shown >= 3:
                break

    if args.counts:
        with open(args.counts, "w") as f:
            f.write(f"{passed} {failed} {skipped}\n")
    print(f"vm: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
