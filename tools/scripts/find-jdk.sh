# find-jdk.sh - sourced by the sansim launcher and .ci/run: finds a JDK of version 21 or newer.
#
#   sansim_find_jdk          sets SANSIM_JDK to the JDK's home, or prints one line on standard
#                            error saying what to install, and returns 1
#
# Looks at JAVA_HOME first (used when it is 21 or newer), then at the JVMs installed on the system
# (/usr/lib/jvm/*, /Library/Java/JavaVirtualMachines/*/Contents/Home, the java on PATH) and takes
# the newest. A JDK is a home with bin/java and bin/javac (Maven compiles with it).

SANSIM_MIN_JAVA=21

# Prints the feature version (17, 21, 25...) of the JDK at $1, or nothing if it is not a JDK.
sansim_jdk_version() {
  local home="$1" version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = //p')
  fi
  version="${version#1.}"     # 1.8 -> 8
  echo "${version%%.*}"
}

sansim_find_jdk() {
  SANSIM_JDK=""
  local version found=()
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(sansim_jdk_version "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge "$SANSIM_MIN_JAVA" ]; then
      SANSIM_JDK="$JAVA_HOME"
      return 0
    fi
    found+=("${version:-no JDK} at JAVA_HOME=$JAVA_HOME")
  fi
  local candidates=() home best="" best_version=0
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && candidates+=("$home")
  done
  if command -v java >/dev/null 2>&1; then
    home=$(readlink -f "$(command -v java)")
    candidates+=("${home%/bin/java}")
  fi
  for home in "${candidates[@]}"; do
    version=$(sansim_jdk_version "$home")
    [ -n "$version" ] || continue
    if [ "$version" -gt "$best_version" ]; then
      best="$home"
      best_version="$version"
    fi
  done
  if [ "$best_version" -ge "$SANSIM_MIN_JAVA" ]; then
    SANSIM_JDK="$best"
    return 0
  fi
  [ "$best_version" -gt 0 ] && found+=("$best_version at $best")
  local seen="" one
  for one in "${found[@]}"; do
    seen="${seen:+$seen, }$one"
  done
  [ -n "$seen" ] && seen=" (found: $seen)"
  echo "sansim: needs a JDK of version $SANSIM_MIN_JAVA or newer$seen; install one (e.g. Temurin 21 or 25 from adoptium.net, or your distribution's openjdk-21-jdk-headless) or point JAVA_HOME at it" >&2
  return 1
}
