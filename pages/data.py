"""Data: the validation report (file, row, column, value, what is wrong, how to fix it)."""

import streamlit as st

from components import context
from components.safe import md

view = context.current()
ds = view.ds
st.title("Data")
report = ds.report
st.caption(f"Data folder: {md(ds.folder.name)} · {report.summary()} · run `python -m tightrope validate` for the same report in a terminal.")
if report.ok and not report.warnings:
    st.success("Every table validates: no errors, no warnings.", icon=":material/check_circle:")
frame = report.to_frame()
if not frame.empty:
    st.dataframe(frame, hide_index=True, key="table-problems", column_config={"row": st.column_config.NumberColumn(format="%d")})
counts = {name: len(t) for name, t in ds.tables.items()}
st.subheader("Tables")
st.dataframe([{"table": f"{k}.csv", "valid rows": v, "problems": len(report.for_file(f"{k}.csv"))} for k, v in counts.items()], hide_index=True, key="table-counts")
