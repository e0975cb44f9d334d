#!/usr/bin/env python3
"""Measures closewait once on a loaded held-back slice.

usage: heldback-run.py SLICE CLOSEWAIT LABEL OUT

SLICE is the slice number N: its scratch modules are /tmp/heldbackN/<slot>
(each with `which`, "KIND MODULE VERSION", and `pkgs`, one import path a
line), loaded as testdata/corpus/heldbackN.txt says. CLOSEWAIT is the
binary, LABEL the first line's text, OUT the findings file: a `# MODULE:
N packages, exit X, Ts` line per slot (with the number of withheld
findings, if any), then its findings, "posn<TAB>pass<TAB>message", sorted.
Run with GOFLAGS=-mod=mod GOWORK=off GOTOOLCHAIN=local in each scratch
module, one slot at a time, in slot order.
"""
import json, os, re, subprocess, sys, time

def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    n, binary, label, out = sys.argv[1:]
    root = f"/tmp/heldback{n}"
    if not os.path.isdir(root):
        sys.exit(f"heldback-run: {root} does not exist: load the slice first")
    env = dict(os.environ, GOFLAGS="-mod=mod", GOWORK="off", GOTOOLCHAIN="local")
    lines = [f"# closewait {label}, measured once on held-back slice {n}, {time.strftime('%H:%M', time.gmtime())} UTC"]
    slots = sorted((int(d), d) for d in os.listdir(root) if d.isdigit())
    for _, d in slots:
        slot = os.path.join(root, d)
        if not os.path.exists(os.path.join(slot, "pkgs")):
            continue
        module = open(os.path.join(slot, "which")).read().split()[1]
        pkgs = [p for p in open(os.path.join(slot, "pkgs")).read().split() if p]
        if not pkgs:
            continue
        start = time.time()
        r = subprocess.run([binary, "-json", "-test=false"] + pkgs, cwd=slot, env=env,
                           capture_output=True, text=True)
        took = time.time() - start
        head = f"# {module}: {len(pkgs)} packages, exit {r.returncode}, {took:.0f}s"
        m = re.search(r"closewait: (\d+) uncertain findings? withheld", r.stderr)
        if m:
            head += f", {m.group(1)} withheld"
        if r.returncode not in (0, 3):
            head += ": " + r.stderr.strip().replace("\n", " | ")[:300]
        lines.append(head)
        found = []
        try:
            doc = json.loads(r.stdout) if r.stdout.strip() else {}
        except json.JSONDecodeError as e:
            lines.append(f"# {module}: unreadable JSON output: {e}")
            doc = {}
        for passes in doc.values():
            for name, diags in passes.items():
                if not isinstance(diags, list):
                    continue  # an analysis error: {"error": ...}
                for dg in diags:
                    found.append(f"{dg['posn']}\t{name}\t{dg['message']}")
        lines.extend(sorted(found))
        print(head, file=sys.stderr)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")

if __name__ == "__main__":
    main()
