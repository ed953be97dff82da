# Sourced by bench/attack.sh (which has built "$work/sitecard" and "$work/attack"): the
# third probe's backup attacks (issue 25 §7 and §4), against a process at the default log
# level (the request log once read a streamed download whole):
#   resume, download: a 9 MB résumé that gzip cannot shrink, then 8 admins' downloads at
#             once, none read, while the card page and /readyz are asked for;
#   restore:  a 0.3 MB file holding one 256 MB row and a 2.1 MB file whose table is 2 GiB
#             of spaces, each given to `sitecard restore` (peak RSS and time from
#             /usr/bin/time).
bdata="$work/backup-data"
bdb="${BENCH_MARIADB_URL:-sqlite://$bdata/sitecard.db}"
ADDR="127.0.0.1:$PORT" DATA_DIR="$bdata" DATABASE_URL="$bdb" \
  LOG_LEVEL=info ADMIN_LOGIN=admin ADMIN_PASSWORD=attack-pass-1 "$work/sitecard" >/dev/null &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
bpeak() { awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }
brss() { awk '/VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }
echo "backups: started (LOG_LEVEL=info): rss $(brss), peak $(bpeak)"
"$work/attack" -url "http://127.0.0.1:$PORT" -login admin -password attack-pass-1 -phase resume
echo "  after resume: rss $(brss), peak $(bpeak)"
"$work/attack" -url "http://127.0.0.1:$PORT" -login admin -password attack-pass-1 -phase download -hold "${HOLD:-10s}" &
attack=$!
sleep "${SAMPLE_AT:-5}"
echo "  during download: rss $(brss), peak $(bpeak)"
wait "$attack"
echo "  after download: rss $(brss), peak $(bpeak)"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null || true
pid=""
DATA_DIR="$bdata" DATABASE_URL="$bdb" "$work/sitecard" backup "$work/site.tar.gz" 2>/dev/null
tar -xzf "$work/site.tar.gz" -C "$work" header.json
"$work/attack" -phase restore-files -header "$work/header.json" -out "$work"
for f in row-256mb spaces-2gib; do
  # Into a new SQLite file, or the MariaDB database (the file is refused before the
  # database is looked at). The command fails, as it should; its answer and figures print.
  target="sqlite://$work/restore-$f.db"
  [ -n "${BENCH_MARIADB_URL:-}" ] && target="$BENCH_MARIADB_URL"
  DATA_DIR="$bdata" DATABASE_URL="$target" /usr/bin/time -f "  restore $f: peak %M KB, %e s" \
    "$work/sitecard" restore "$work/$f.tar.gz" 2>&1 | grep -v '^Command exited' | sed 's/^sitecard: /  answer: /' || true
done
