#!/usr/bin/env bash
# The main job: installs what is needed, builds, registers the native host
# with the browsers found, and shows annotations for a few sample URLs on
# the embedded default rules. With a display, it then opens Chromium (or
# Firefox) with the extension loaded in a fresh profile.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/setup.sh
bash scripts/build.sh
host="$root/${BUILD_DIR:-build}/native-host/app/sauatty-host"

echo
echo "== Registering the native host"
"$host" install

echo
echo "== Annotations on the embedded default rules"
samples=(
  "https://www.google-analytics.com/analytics.js --page https://tengrinews.kz/ --type script"
  "https://mc.yandex.ru/metrika/tag.js --page https://www.zakon.kz/ --type script"
  "https://connect.facebook.net/en_US/fbevents.js --page https://www.example.com/ --type script"
  "https://www.rt.com/news/"
  "https://www.theonion.com/"
  "https://bbc.com.co-news.info/world"
  "https://www.reuters.com/world/"
)
for sample in "${samples[@]}"; do
  # shellcheck disable=SC2086
  "$host" check $sample
done

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${SAUATTY_NO_BROWSER:-}" != "1" ]; then
  profile=$(mktemp -d)
  echo
  echo "== Opening Chromium with the extension (profile $profile)"
  mkdir -p "$profile/NativeMessagingHosts"
  "$host" install --browser chromium >/dev/null
  cp "${XDG_CONFIG_HOME:-$HOME/.config}/chromium/NativeMessagingHosts/sauatty.json" "$profile/NativeMessagingHosts/"
  exec chromium --user-data-dir="$profile" --no-first-run --load-extension="$root/extension" \
    "https://tengrinews.kz/"
fi
