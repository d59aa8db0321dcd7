#!/bin/sh
# Installs what headroom needs to build and test, from Debian 12's packages.
# Skips apt entirely when everything is already there.
set -eu
packages="gcc meson ninja-build pkg-config libyaml-dev libjansson-dev
libpcre2-dev libgit2-dev libcurl4-openssl-dev libcmocka-dev valgrind git
ca-certificates prometheus
python3-jsonschema libxml2-utils"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
echo "installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
