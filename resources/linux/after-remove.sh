#!/bin/bash
# After-remove script of the Fastswitch Workbench deb (postrm) and rpm (%postun).
# Rendered by electron-builder as a template (see after-install.sh).
#
# Runs on upgrades too: deb passes "upgrade", rpm passes the number of versions
# still installed (1; and rpm runs it after the new version's %post). Only a
# real removal ("remove", "purge", or 0) takes the files away.
case "$1" in
  remove | purge | 0) ;;
  *) exit 0 ;;
esac

# shellcheck disable=SC2016 # an electron-builder macro, replaced before the script ships
executable='${executable}'
rules_name=51-fastswitch-workbench.rules

rm -f "/usr/bin/$executable" /usr/bin/fsw
rm -f "/usr/lib/udev/rules.d/$rules_name" "/lib/udev/rules.d/$rules_name"
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules 2>/dev/null || true
fi

profile="/etc/apparmor.d/$executable"
if [ -f "$profile" ]; then
  if command -v apparmor_parser >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove "$profile" >/dev/null 2>&1 || true
  fi
  rm -f "$profile"
fi
echo "Fastswitch Workbench removed, with its udev rules and the fsw command. The plugdev and dialout groups stay."
exit 0
