"""A short description of the machine and software the benchmark ran on."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "not installed"


def _chromium() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip() or out.stderr.strip()
    except Exception:
        return "unknown"


def describe() -> dict[str, str]:
    """nproc, memory, CPU model, OS, Python, Streamlit and the other versions that matter."""
    return {
        "nproc": str(os.cpu_count()),
        "memory": f"{_mem_total() / 2**30:.1f} GiB",
        "cpu": _cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "streamlit": _version("streamlit"),
        "pandas": _version("pandas"),
        "pandera": _version("pandera"),
        "plotly": _version("plotly"),
        "pydeck": _version("pydeck"),
        "playwright": _version("playwright"),
        "chromium": _chromium(),
        "psutil": _version("psutil"),
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"
