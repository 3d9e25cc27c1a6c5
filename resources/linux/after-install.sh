#!/bin/bash
# After-install script of the Fastswitch Workbench deb (postinst) and rpm (%post).
# electron-builder renders it as a template: a dollar sign followed by a name in
# braces is one of its macros (executable, sanitizedProductName), so the shell
# variables below are written without braces.
#
# It does what electron-builder's default script does (command in PATH, Chromium
# sandbox, desktop databases, AppArmor profile), then installs our udev rules and
# the fsw launcher. It must not fail the installation over an optional step.

# shellcheck disable=SC2016 # electron-builder macros, replaced before the script ships
app_dir='/opt/${sanitizedProductName}'
# shellcheck disable=SC2016
executable='${executable}'
rules_name=51-fastswitch-workbench.rules

# The desktop app in PATH.
ln -sf "$app_dir/$executable" "/usr/bin/$executable"

# Chromium's setuid sandbox helper is only needed where user namespaces are off.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$app_dir/chrome-sandbox" || true
else
  chmod 4755 "$app_dir/chrome-sandbox" || true
fi

if command -v update-mime-database >/dev/null 2>&1; then update-mime-database /usr/share/mime || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database /usr/share/applications || true; fi

# Ubuntu 24.04+ lets only profiled programs create user namespaces (Chromium's sandbox needs them).
if command -v apparmor_parser >/dev/null 2>&1 && apparmor_status --enabled >/dev/null 2>&1; then
  profile_src="$app_dir/resources/apparmor-profile"
  profile_dst="/etc/apparmor.d/$executable"
  if [ -f "$profile_src" ] && apparmor_parser --skip-kernel-load --debug "$profile_src" >/dev/null 2>&1; then
    cp -f "$profile_src" "$profile_dst"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache "$profile_dst" || true
    fi
  fi
fi

# udev rules: the phone over USB (plugdev, uaccess) and USB-serial adapters (dialout, uaccess).
rules_dir=/usr/lib/udev/rules.d
[ -d /usr/lib/udev ] || rules_dir=/lib/udev/rules.d
install -D -m 0644 "$app_dir/resources/linux/$rules_name" "$rules_dir/$rules_name"
# Fedora and openSUSE have no plugdev group; the rules name it.
getent group plugdev >/dev/null 2>&1 || groupadd --system plugdev 2>/dev/null || true
# Apply them to devices already plugged in. In an image build (chroot, no udevd) they apply from the next boot.
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules 2>/dev/null && udevadm trigger --action=add --subsystem-match=usb --subsystem-match=tty ||
    echo "udev is not running here: the device rules apply from the next boot."
fi

# The command line for headless use (benchmarks on lab servers).
chmod 0755 "$app_dir/resources/linux/fsw"
ln -sf "$app_dir/resources/linux/fsw" /usr/bin/fsw

cat <<'NOTE'

Fastswitch Workbench is installed, with udev rules for the Galaxy Nexus (adb,
fastboot, MTP) and for common USB-serial adapters.
  - At the desktop, the phone and the serial adapter are yours while you are
    logged in at the seat: nothing else to do. Re-plug them once.
  - Over SSH (lab servers), your account needs the groups:
        sudo usermod -aG plugdev,dialout "$USER"
    then log out and in again (check with: id -nG).
  - Headless: fsw --help
NOTE
exit 0
