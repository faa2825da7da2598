"""The nginx configuration ``deploy/nginx.py`` renders (nginx itself checks it with ``nginx -t``),
the texts it puts in front of viewers, and the load tool's guards and statistics."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from bench import crowd, load, load_report
from deploy import check, nginx
from deploy.cluster import NGINX

REPLICAS = nginx.replicas_from(["127.0.0.1:8601", "127.0.0.1:8602"])


def render(tmp_path: Path, **options) -> str:
    return nginx.render_conf(
        REPLICAS, listen="127.0.0.1:8600", run_dir=tmp_path, log_dir=tmp_path, static_dir=tmp_path, **options
    )


@pytest.fixture
def run_dir():
    """A folder nginx's workers can enter (user nobody when the tests run as root, as in CI)."""
    folder = Path(tempfile.mkdtemp(prefix="tightrope-nginx-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("websocket", [True, False])
def test_nginx_accepts_the_rendered_configuration(run_dir, websocket):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed (apt-get install nginx; .ci/run does it)")
    conf = nginx.render(run_dir / "nginx", REPLICAS, listen="127.0.0.1:8600", websocket=websocket)
    out = subprocess.run(
        [NGINX, "-t", "-p", str(conf.parent), "-c", str(conf), "-e", str(run_dir / "err.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    assert "[warn]" not in out.stderr, out.stderr


def test_each_replica_has_its_sticky_pool_with_the_others_as_backups(tmp_path):
    text = render(tmp_path)
    r1 = text.split("upstream tightrope_r1 {", 1)[1].split("}", 1)[0]
    assert "server 127.0.0.1:8601 max_fails=1" in r1 and "server 127.0.0.1:8602 backup;" in r1
    assert "        r1 tightrope_r1;" in text and "        r2 tightrope_r2;" in text  # cookie -> pool
    # the replica that answered (the last address tried) names the cookie's new value
    assert '"~(^|\\s)127\\.0\\.0\\.1:8602$" r2;' in text
    assert "least_conn;" in text.split("upstream tightrope_all {", 1)[1].split("}", 1)[0]


def test_the_websocket_location_upgrades_and_stays_open_unless_misconfigured_on_purpose(tmp_path):
    good = render(tmp_path / "good").split("location = /_stcore/stream {", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in good
    assert "proxy_set_header Connection $connection_upgrade;" in good
    assert "proxy_read_timeout 1d;" in good
    bad = render(tmp_path / "bad", websocket=False).split("location = /_stcore/stream {", 1)[1].split("}", 1)[0]
    assert "Upgrade" not in bad.replace("no Upgrade/Connection", "")


def test_contact_is_escaped_in_the_error_page_and_the_script(tmp_path):
    contact = '</script><img src=x onerror=alert(1)> "IT desk" & co'
    nginx.render_static(tmp_path, contact)
    page = (tmp_path / "unavailable.html").read_text(encoding="utf-8")
    script = (tmp_path / "connection-check.js").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt; &quot;IT desk&quot; &amp; co" in page
    assert "</script" not in script and "<img" not in script
    assert '\\u003c/script>\\u003cimg src=x onerror=alert(1)> \\"IT desk\\" & co' in script
    assert "{{" not in page and "{{" not in script


def test_load_tool_drives_only_local_addresses():
    load.require_local("http://127.0.0.1:8500")
    load.require_local("http://localhost:8500/")
    for url in ("http://10.1.2.3:8500", "http://192.0.2.1/", "http://[2001:db8::1]:80/"):
        with pytest.raises(ValueError, match="only drives local addresses"):
            load.require_local(url)


def test_percentiles_and_the_viewer_plan():
    assert load_report.percentile([], 0.5) is None
    assert load_report.percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert load_report.percentile([float(i) for i in range(1, 101)], 0.95) == pytest.approx(95.05)
    views = [crowd.plan(i) for i in range(30)]
    assert all(len(v) == 3 and v[0][0] == v[1][0] and v[0][1] != v[1][1] and v[2][0] != v[0][0] for v in views)
    assert {v[0][0] for v in views} == set(crowd.PAGES)  # every page is opened


def test_check_deploy_names_an_address_that_answers_nothing():
    findings = check.check("http://127.0.0.1:9/", timeout=2)
    assert len(findings) == 1 and not findings[0].ok and findings[0].what == "page"
    assert "nothing answers" in findings[0].detail and "fix:" in str(findings[0])
