#!/usr/bin/env bash
# 35-brief.sh - brief-ready output of the what-if library (docs/sweeps.md):
# for every shipped what-if, a small sweep (20 replications per point, a
# scratch store), then
#   - its LaTeX export (with the runs kept: the table of uncertain inputs;
#     a ranged design: scenario discovery on its first column) compiled
#     with pdflatex in an A4 article: the step
#     fails on any "Overfull \hbox" (a table wider than the page) or error,
#     and on a table the writer had to scale down (\resizebox);
#   - its charts (`export --chart`): every PNG checked for its signature
#     and its 1440 x 900 header, every SVG and PDF for theirs;
#   - the long-format CSV of a --keep-runs sweep read back (header, rows).
# Installs Debian's texlive-latex-base and texlive-latex-recommended when
# pdflatex or booktabs is missing (as 40-report-render.sh installs chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v pdflatex >/dev/null 2>&1 || ! kpsewhich booktabs.sty >/dev/null 2>&1; then
  echo "installing texlive (pdflatex, booktabs)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    texlive-latex-base texlive-latex-recommended >/dev/null
fi
make -s build/cybernorms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# png_check FILE: PNG signature, IHDR, 1440 x 900
png_check() {
  local sig w h
  sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
  [ "$sig" = 89504e470d0a1a0a ] || { echo "$1: not a PNG ($sig)"; return 1; }
  [ "$(dd if="$1" bs=1 skip=12 count=4 2>/dev/null)" = IHDR ] || { echo "$1: no IHDR"; return 1; }
  w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
  h=$(od -An -tu1 -j20 -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
  [ "$w" = 1440 ] && [ "$h" = 900 ] || { echo "$1: ${w}x${h}, expected 1440x900"; return 1; }
  [ "$(stat -c %s "$1")" -gt 10000 ] || { echo "$1: too small to hold a chart"; return 1; }
}

for f in scenarios/whatif/*.cfg; do
  name=$(basename "$f" .cfg)
  db="$tmp/$name.sqlite"
  build/cybernorms sweep "$f" --replications 20 --threads 2 --db "$db" --quiet --keep-runs
  # LaTeX on A4
  prim=()
  if grep -q 'design = "\(sobol\|saltelli\|morris\)"' "$f"; then
    build/cybernorms export "$db" --format csv --out "$tmp/$name.csv"
    prim=(--prim "$(sed -n 1p "$tmp/$name.csv" | tr , '\n' | sed -n '/^runs$/{n;p;q}')")
  fi
  build/cybernorms export "$db" --format tex "${prim[@]}" --out "$tmp/$name-table.tex"
  cat > "$tmp/$name.tex" <<DOC
\\documentclass[a4paper]{article}
\\usepackage{booktabs,graphicx}
\\begin{document}
\\input{$name-table.tex}
\\end{document}
DOC
  (cd "$tmp" && pdflatex -interaction=nonstopmode -halt-on-error "$name.tex" >/dev/null 2>&1) || {
    echo "$name: pdflatex failed"; grep -A3 '^!' "$tmp/$name.log" | head -20; exit 1; }
  if grep -q 'Overfull \\hbox' "$tmp/$name.log"; then
    echo "$name: a table is wider than A4:"; grep -A1 'Overfull \\hbox' "$tmp/$name.log" | head; exit 1
  fi
  # scaling a table down is the writer's last resort: none of the shipped ones needs it
  if grep -q '^\\resizebox' "$tmp/$name-table.tex"; then
    echo "$name: a table had to be scaled to fit A4 (split it, or shorten its labels)"; exit 1
  fi
  # charts
  build/cybernorms export "$db" --chart "$tmp/$name-charts" > "$tmp/$name.charts"
  n=$(wc -l < "$tmp/$name.charts")
  [ "$n" -ge 1 ] || { echo "$name: no chart written"; exit 1; }
  while read -r png; do
    png_check "$png"
    [ "$(head -c 5 "${png%.png}.pdf")" = "%PDF-" ] || { echo "${png%.png}.pdf: not a PDF"; exit 1; }
    grep -q '<svg' "${png%.png}.svg" || { echo "${png%.png}.svg: not an SVG"; exit 1; }
  done < "$tmp/$name.charts"
  echo "$name: LaTeX fits A4 ($(grep -c 'toprule' "$tmp/$name-table.tex") tables), $n charts x 3 formats"
done

# the long format of a sweep that keeps its runs
db="$tmp/long.sqlite"
build/cybernorms sweep scenarios/whatif/group-size.cfg --replications 10 --threads 2 --db "$db" \
  --keep-runs --quiet
build/cybernorms export "$db" --format long --out "$tmp/long.csv"
head -c 40 "$tmp/long.csv" | grep -q '^point,point_name,replication,' || {
  echo "long.csv: bad header"; exit 1; }
rows=$(($(wc -l < "$tmp/long.csv") - 1))
[ "$rows" = 30 ] || { echo "long.csv: $rows rows, expected 30 (3 points x 10)"; exit 1; }
echo "long format: $rows runs"
