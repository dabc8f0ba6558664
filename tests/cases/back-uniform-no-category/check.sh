set -e
# one back for every card: no category's name on it, the colour the deck's
grep -q '"backs_distinct": 1,' out/kit/mini.print-spec.json
! pdftotext out/kit/mini.en.print.pdf - | grep -q -e Trust -e Fairness
