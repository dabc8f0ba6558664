set -e
# one back for every card: no category's name on it, the colour the deck's
grep -q '"backs_distinct": 1,' out/kit/mini.print-spec.json
if pdftotext out/kit/mini.en.print.pdf - 2>/dev/null | grep -q -e Trust -e Fairness; then
	exit 1
fi
