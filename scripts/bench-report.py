#!/usr/bin/env python3
"""Turns the guest's bench results into a table and JSON (`make bench`).

Input: a file with "BENCH {json}" lines (anywhere on the line, so the VM's
results.log works as is), one per run, as scripts/guest/bench.sh prints them.
Prints, per workload and metric: Linux TCP and mytcp as median [min..max]
over the repetitions, the ratio mytcp/Linux of the medians [min..max of the
per-repetition ratios], the issue's target and whether it is met. Writes the
same as JSON with --json. Exit 0 if the report was made (targets missed or
not), 1 if the input holds no result or a run failed, 2 on bad usage.

    bench-report.py RESULTS [--json OUT] [--command CMD]
    bench-report.py --self-test      prints PASS|FAIL bench-report ...
"""
import argparse
import json
import os
import statistics
import sys
import tempfile

FAMILIES = ("inet", "mytcp")

# case, metric, label, better ("higher"/"lower"), target ratio or None.
ROWS = [
    ("bulk1", "mbit_s", "bulk, 1 stream (Mbit/s)", "higher", 0.9),
    ("bulk4", "mbit_s", "bulk, 4 streams (Mbit/s)", "higher", 0.9),
    ("rr", "tps", "rr, 1-byte ping-pong (transactions/s)", "higher", 0.9),
    ("rr", "p50_us", "rr latency p50 (us)", "lower", None),
    ("rr", "p99_us", "rr latency p99 (us)", "lower", None),
    ("rr_idle", "tps", "rr beside the idle connections (transactions/s)", "higher", None),
    ("rr_idle", "p99_us", "rr beside the idle connections: p99 (us)", "lower", None),
    ("rr_proc_base", "tps", "rr beside the idle connections, no reader (transactions/s)",
     "higher", None),
    ("rr_proc_busy", "tps", "rr beside them, a cat loop reading /dev/null (transactions/s)",
     "higher", None),
    ("rr_proc", "tps", "rr beside them, a cat loop reading the socket list (transactions/s)",
     "higher", None),
    ("rr_proc", "reader_passes", "reader: whole reads of the socket list in the rr run",
     "higher", None),
    ("crr", "cps", "crr, connect/request/response/close (conn/s)", "higher", 0.8),
    ("idle", "slab_per_conn", "idle: Slab per connection (bytes)", "lower", 1.0),
    ("idle", "mem_per_conn", "idle: MemAvailable per connection (bytes)", "lower", 1.0),
    ("idle", "open_seconds", "idle: time to open them all (s)", "lower", None),
    ("bulk_loss", "mbit_s", "bulk, 1 stream, netem loss (Mbit/s)", "higher", None),
    ("iperf3", "mbit_s", "iperf3 cross-check: bulk, 1 stream (Mbit/s)", "higher", None),
]


def parse(lines):
    """The result records of the lines: (runs, errors)."""
    runs, errors = [], []
    for line in lines:
        i = line.find("BENCH {")
        if i < 0:
            continue
        try:
            rec = json.loads(line[i + len("BENCH "):])
        except ValueError as e:
            raise ValueError(f"malformed result line: {line.strip()} ({e})")
        if not isinstance(rec, dict) or "case" not in rec or rec.get("family") not in FAMILIES:
            raise ValueError(f"result without case or family: {line.strip()}")
        (errors if "error" in rec else runs).append(rec)
    return runs, errors


def spread(values):
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "n": len(values)}


def flatness(rows):
    """How rr's rate changed with the idle connections open, per stack."""
    tps = {r["case"]: r for r in rows if r["metric"] == "tps"}
    if "rr" not in tps or "rr_idle" not in tps:
        return None
    parts = []
    for fam, name in (("inet", "linux"), ("mytcp", "mytcp")):
        alone, beside = tps["rr"][name], tps["rr_idle"][name]
        if alone and beside and alone["median"] > 0:
            parts.append("%s %.2fx" % ("Linux TCP" if fam == "inet" else "mytcp",
                                       beside["median"] / alone["median"]))
    return ("rr beside the idle connections / rr alone (medians): "
            + ", ".join(parts)) if parts else None


def reader_cost(runs, base):
    """How rr's rate changed with a reader looping on the socket list
    (rr_proc over case @base: the same idle connections, the same
    repetition), per stack: median and range of the per-repetition ratios,
    or None."""
    parts = []
    for fam, name in (("inet", "Linux TCP (/proc/net/tcp)"),
                      ("mytcp", "mytcp (/proc/mytcp/connections)")):
        by = {}
        for r in runs:
            if r["family"] == fam and r["case"] in ("rr_proc", base) \
                    and isinstance(r.get("tps"), (int, float)):
                by.setdefault(r.get("rep"), {})[r["case"]] = float(r["tps"])
        ratios = [v["rr_proc"] / v[base] for v in by.values()
                  if "rr_proc" in v and v.get(base)]
        if ratios:
            parts.append("%s %.2fx [%.2f..%.2f]" % (name, statistics.median(ratios),
                                                    min(ratios), max(ratios)))
    return ", ".join(parts) if parts else None


def report(runs, errors, command):
    """The report as a dict: rows, errors, notes, command."""
    rows = []
    for case, metric, label, better, target in ROWS:
        by = {f: {} for f in FAMILIES}
        for r in runs:
            if r["case"] == case and isinstance(r.get(metric), (int, float)):
                by[r["family"]][r.get("rep", len(by[r["family"]]))] = float(r[metric])
        if not by["inet"] and not by["mytcp"]:
            continue
        lin, my = spread(list(by["inet"].values())), spread(list(by["mytcp"].values()))
        ratio = None
        if lin and my and lin["median"] > 0:
            pairs = [by["mytcp"][k] / by["inet"][k] for k in by["inet"]
                     if k in by["mytcp"] and by["inet"][k] > 0]
            ratio = {"median": my["median"] / lin["median"],
                     "min": min(pairs) if pairs else None,
                     "max": max(pairs) if pairs else None}
        met = None
        if ratio and target is not None:
            met = ratio["median"] >= target if better == "higher" else ratio["median"] <= target
        rows.append({"case": case, "metric": metric, "label": label,
                     "better": better, "linux": lin, "mytcp": my, "ratio": ratio,
                     "target": None if target is None else
                     ("%s %.1fx" % (">=" if better == "higher" else "<=", target)),
                     "met": met})
    notes = []
    capped = sorted({f"{r['case']} {r['family']}" for r in runs if r.get("capped")})
    if capped:
        notes.append("time-capped bulk runs (rate of what moved before the cap): "
                     + ", ".join(capped))
    loaded = sorted({r["case"] for r in runs
                     if r["family"] == "inet" and r.get("mytcp_loaded")})
    if loaded:
        notes.append("Linux TCP runs with mytcp still loaded (its hook sees every "
                     "segment): " + ", ".join(loaded))
    idle = [r for r in runs if r["case"] == "idle"]
    if idle:
        notes.append(f"idle: {idle[0].get('connections')} connections; memory is the "
                     "delta of /proc/meminfo over the whole VM, so it counts both "
                     "ends (client and server sockets) of each connection")
    flat = flatness(rows)
    if flat:
        notes.append(flat)
    cost = reader_cost(runs, "rr_proc_base")
    if cost:
        notes.append("rr with a cat loop reading the socket list / rr without it, "
                     "beside the same idle connections (median [min..max] of each "
                     "repetition's ratio; issue 18's target for mytcp: >= 0.90x): "
                     + cost)
    cost = reader_cost(runs, "rr_proc_busy")
    if cost:
        notes.append("the same over rr beside a cat loop reading /dev/null (the "
                     "control: a busy CPU alone changes rr's rate under TCG): " + cost)
    return {"command": command, "rows": rows, "errors": errors, "notes": notes,
            "runs": len(runs)}


def fmt(v):
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.2f" % v


def table(rep):
    def cell(s):
        return "n/a" if not s else f"{fmt(s['median'])} [{fmt(s['min'])}..{fmt(s['max'])}]"

    head = ("workload", "Linux TCP", "mytcp", "mytcp/Linux", "target", "met")
    lines = []
    for r in rep["rows"]:
        ratio = r["ratio"]
        rc = "n/a" if not ratio else (f"{ratio['median']:.2f}x" + (
            f" [{ratio['min']:.2f}..{ratio['max']:.2f}]" if ratio["min"] is not None else ""))
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        lines.append((r["label"], cell(r["linux"]), cell(r["mytcp"]), rc,
                      r["target"] or "", met))
    widths = [max(len(x[i]) for x in [head] + lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
           for row in [head, tuple("-" * w for w in widths)] + lines]
    out.append("values: median [min..max] over the repetitions; ratio: of the "
               "medians [min..max of each repetition's ratio]")
    for n in rep["notes"]:
        out.append("note: " + n)
    for e in rep["errors"]:
        out.append(f"ERROR: {e.get('case')} {e.get('family')} rep {e.get('rep')}: "
                   f"{e.get('error')}")
    if rep["command"]:
        out.append("reproduce: " + rep["command"])
    return "\n".join(out)


def run(path, json_out, command):
    with open(path, errors="replace") as f:
        runs, errors = parse(f.read().splitlines())
    if not runs and not errors:
        raise ValueError(f"no BENCH result lines in {path}")
    rep = report(runs, errors, command)
    text = table(rep)
    if json_out:
        os.makedirs(os.path.dirname(os.path.abspath(json_out)), exist_ok=True)
        with open(json_out, "w") as f:
            json.dump(rep, f, indent=1)
            f.write("\n")
    return rep, text


def self_test():
    """Known input, known output; malformed input must be refused."""
    lines = ["noise", "LOG bench_run bench: starting"]
    for rep in (1, 2, 3):
        lines += [
            'LOG bench_run BENCH {"case":"bulk1","rep":%d,"family":"inet","mbit_s":%d}'
            % (rep, 100 * rep),
            'BENCH {"case":"bulk1","rep":%d,"family":"mytcp","mbit_s":%d,"capped":true}'
            % (rep, 10 * rep),
            'BENCH {"case":"idle","rep":%d,"family":"inet","connections":100,'
            '"slab_per_conn":1000,"mem_per_conn":2000,"open_seconds":1}' % rep,
            'BENCH {"case":"idle","rep":%d,"family":"mytcp","connections":100,'
            '"slab_per_conn":500,"mem_per_conn":%d,"open_seconds":2}' % (rep, 1000 * rep),
        ]
    for fam, alone, beside in (("inet", 1000, 900), ("mytcp", 2000, 1000)):
        lines += ['BENCH {"case":"rr","rep":1,"family":"%s","tps":%d}' % (fam, alone),
                  'BENCH {"case":"rr_idle","rep":1,"family":"%s","tps":%d}' % (fam, beside)]
    for fam, base, beside in (("inet", 1000, 800), ("mytcp", 1000, 950)):
        lines += ['BENCH {"case":"rr_proc_base","rep":2,"family":"%s","tps":%d}' % (fam, base),
                  'BENCH {"case":"rr_proc_busy","rep":2,"family":"%s","tps":%d}' % (fam, 2 * base),
                  'BENCH {"case":"rr_proc","rep":2,"family":"%s","tps":%d,'
                  '"reader_passes":7}' % (fam, beside)]
    lines.append('BENCH {"case":"crr","rep":1,"family":"mytcp","error":"connect: refused"}')
    problems = []
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "results"), os.path.join(d, "out", "results.json")
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        rep, text = run(src, dst, "make bench")
        with open(dst) as f:
            back = json.load(f)
        rows = {(r["case"], r["metric"]): r for r in back["rows"]}
        b = rows.get(("bulk1", "mbit_s"))
        if not b or b["linux"]["median"] != 200 or b["mytcp"]["median"] != 20:
            problems.append(f"bulk1 medians: {b}")
        elif abs(b["ratio"]["median"] - 0.1) > 1e-9 or b["met"] is not False:
            problems.append(f"bulk1 ratio/target: {b}")
        s = rows.get(("idle", "slab_per_conn"))
        if not s or s["met"] is not True or s["target"] != "<= 1.0x":
            problems.append(f"idle slab: {s}")
        m = rows.get(("idle", "mem_per_conn"))
        if not m or m["mytcp"]["min"] != 1000 or m["mytcp"]["max"] != 3000:
            problems.append(f"idle mem spread: {m}")
        if ("crr", "cps") in rows:
            problems.append("a row for a workload that did not run")
        ri = rows.get(("rr_idle", "tps"))
        if not ri or abs(ri["ratio"]["median"] - 1000 / 900) > 1e-9:
            problems.append(f"rr_idle: {ri}")
        if len(back["errors"]) != 1 or back["command"] != "make bench":
            problems.append("errors or command not kept")
        for want in ("bulk, 1 stream (Mbit/s)", "0.10x", "200 [100..300]", "NO",
                     "ERROR: crr mytcp", "reproduce: make bench", "time-capped",
                     "rr alone (medians): Linux TCP 0.90x, mytcp 0.50x",
                     "Linux TCP (/proc/net/tcp) 0.80x [0.80..0.80], "
                     "mytcp (/proc/mytcp/connections) 0.95x [0.95..0.95]",
                     "(the control: a busy CPU alone changes rr's rate under TCG): "
                     "Linux TCP (/proc/net/tcp) 0.40x [0.40..0.40], "
                     "mytcp (/proc/mytcp/connections) 0.47x [0.47..0.47]"):
            if want not in text:
                problems.append(f"table lacks {want!r}:\n{text}")
        for bad in (["BENCH {not json"], ['BENCH {"family":"inet"}'], ["nothing"]):
            with open(src, "w") as f:
                f.write("\n".join(bad) + "\n")
            try:
                run(src, None, "")
                problems.append(f"accepted malformed input {bad}")
            except ValueError:
                pass
    if problems:
        print("FAIL bench-report self-test: " + "; ".join(problems))
        return 1
    print("PASS bench-report self-test (table and JSON from a results file)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="?")
    ap.add_argument("--json", help="write the report as JSON here")
    ap.add_argument("--command", default="", help="the command that reproduces it")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.results:
        ap.print_usage(sys.stderr)
        return 2
    try:
        rep, text = run(args.results, args.json, args.command)
    except (OSError, ValueError) as e:
        print(f"bench-report: {e}", file=sys.stderr)
        return 1
    print(text)
    return 1 if rep["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
