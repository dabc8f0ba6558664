# a text of 20,001 bytes and one of 501 lines, each one past its limit
python3 - <<'PY'
with open("kit/deck.yaml", "a") as f:
    f.write("  - id: T02\n    category: tillid\n    type: question\n")
    f.write("    text: \"" + "x" * 20001 + "\"\n")
    f.write("  - id: T03\n    category: tillid\n    type: question\n")
    f.write("    text: |\n" + "      line\n" * 501)
PY
