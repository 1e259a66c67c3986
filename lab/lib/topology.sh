# lab/lib/topology.sh — network namespaces for the lab (sourced by the scenario scripts).
#
#   client (198.18.1.2) ── veth ── (198.18.1.1) fw (198.18.2.1) ── veth ── server (198.18.2.2)
#   and the same in IPv6: client 2001:db8:1::2, fw 2001:db8:1::1 / 2001:db8:2::1, server 2001:db8:2::2
#
# Names carry the scenario's prefix so that scenarios never touch each other's namespaces. Everything created is
# recorded and removed by lab_cleanup (installed as an EXIT trap by lab_start), also on failure. Addresses are from
# 198.18.0.0/15 and 2001:db8::/32 only; no namespace has a route out of the lab.
set -euo pipefail

LAB_PREFIX=${LAB_PREFIX:-wc}
LAB_PIDS=()
LAB_NETNS=()

lab_log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

lab_cleanup() {
  local pid ns
  # Each recorded pid is the background subshell of lab_background/lab_capture; its child is the command itself
  # (`ip netns exec` becomes it: tcpdump, or the `timeout` around a server). A script's background jobs ignore SIGINT,
  # and so does what they start (python keeps it ignored), so the command is stopped with TERM (timeout passes it on
  # to its child; tcpdump flushes and exits), then KILL for what is left.
  for pid in "${LAB_PIDS[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${LAB_PIDS[@]}"; do pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; done
  for ns in "${LAB_NETNS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  LAB_PIDS=()
  LAB_NETNS=()
}

lab_ns() { echo "$LAB_PREFIX-$1"; }

lab_exec() {   # lab_exec NODE COMMAND... (runs inside the node's namespace)
  local node=$1; shift
  ip netns exec "$(lab_ns "$node")" "$@"
}

lab_start() {   # builds client — fw — server
  trap lab_cleanup EXIT INT TERM
  local n
  for n in client fw server; do
    ip netns add "$(lab_ns $n)"
    LAB_NETNS+=("$(lab_ns $n)")
    lab_exec $n ip link set lo up
  done
  ip link add c0 netns "$(lab_ns client)" type veth peer name fwin netns "$(lab_ns fw)"
  ip link add fwout netns "$(lab_ns fw)" type veth peer name s0 netns "$(lab_ns server)"
  lab_exec client ip addr add 198.18.1.2/24 dev c0
  lab_exec fw ip addr add 198.18.1.1/24 dev fwin
  lab_exec fw ip addr add 198.18.2.1/24 dev fwout
  lab_exec server ip addr add 198.18.2.2/24 dev s0
  lab_exec client ip link set c0 up
  lab_exec fw ip link set fwin up
  lab_exec fw ip link set fwout up
  lab_exec server ip link set s0 up
  lab_exec client ip route add 198.18.2.0/24 via 198.18.1.1
  lab_exec server ip route add 198.18.1.0/24 via 198.18.2.1
  lab_exec fw sysctl -qw net.ipv4.ip_forward=1
  # IPv6 on the documentation prefix 2001:db8::/32, addresses fixed (no autoconfiguration, no duplicate detection).
  local node
  for node in client fw server; do lab_exec $node sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done
  lab_exec client ip addr add 2001:db8:1::2/64 dev c0 nodad
  lab_exec fw ip addr add 2001:db8:1::1/64 dev fwin nodad
  lab_exec fw ip addr add 2001:db8:2::1/64 dev fwout nodad
  lab_exec server ip addr add 2001:db8:2::2/64 dev s0 nodad
  lab_exec client ip -6 route add 2001:db8:2::/64 via 2001:db8:1::1
  lab_exec server ip -6 route add 2001:db8:1::/64 via 2001:db8:2::1
  lab_exec fw sysctl -qw net.ipv6.conf.all.forwarding=1
  # Captures show what travels on the wire: no segmentation offload on the lab's links.
  lab_exec client ethtool -K c0 tso off gso off gro off >/dev/null 2>&1 || true
  lab_exec server ethtool -K s0 tso off gso off gro off >/dev/null 2>&1 || true
}

lab_scenario() {   # lab_scenario PREFIX OUTPUT-FOLDER : names this scenario's namespaces, builds them, makes the folder
  LAB_PREFIX=$1
  lab_start
  mkdir -p "$2"
}

lab_background() {   # lab_background NODE COMMAND... : started in the node, stopped by lab_cleanup
  local node=$1; shift
  lab_exec "$node" "$@" &
  LAB_PIDS+=("$!")
}

lab_capture() {   # lab_capture NODE INTERFACE FILE
  local node=$1 iface=$2 file=$3
  lab_exec "$node" tcpdump -i "$iface" -s 0 -U -w "$file" -- tcp or udp or icmp >/dev/null 2>&1 &
  LAB_PIDS+=("$!")
}

lab_stop_captures() {   # lets tcpdump write everything, then stops the whole lab
  sleep 1
  lab_cleanup
}

# Evidence for expected.json: frame numbers found in the capture just made, with tshark (lab/lib/frames.py), and the
# file written from a template whose @NAME@ placeholders they fill (lab/lib/expected.py). Both fail loudly when the
# capture does not show what the scenario was meant to produce.
LAB_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lab_frames() {   # lab_frames FILE QUESTION ARGS... (see frames.py): prints frame numbers, e.g. "17" or "8 9"
  /usr/bin/python3 "$LAB_LIB/frames.py" "$@"
}
lab_expected() {   # lab_expected OUT.json NAME="FRAMES"... < TEMPLATE
  /usr/bin/python3 "$LAB_LIB/expected.py" "$@"
}
