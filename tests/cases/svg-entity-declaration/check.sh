set -e
# the image is read (not refused) and the preview written; under ASan+UBSan
# (.ci/run) libxml2's lost entity value is suppressed (tests/lsan.supp)
ls out/kit/png/mini.en/*T01-front.png >/dev/null
