#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for the cluster executor's tests and CI
# (issue 17): munged, slurmctld and slurmd on localhost, one node `wfo-node` with 2 CPUs in
# partition `debug`. Needs Debian's slurm-wlm and munge, and root.
#   Scripts/slurm-local.sh start    # writes /etc/slurm/slurm.conf, starts the daemons, waits for the node
#   Scripts/slurm-local.sh stop     # stops them (the config stays)
#   Scripts/slurm-local.sh status
# State lives in /var/lib/wfo-slurm. Any sbatch/squeue/scancel on the machine then talks to it.
set -euo pipefail
state=/var/lib/wfo-slurm
conf=/etc/slurm/slurm.conf
node=wfo-node
cpus=${SLURM_LOCAL_CPUS:-2}

fail() { echo "error: $*" >&2; exit 2; }

write_config() {
  mkdir -p /etc/slurm "$state/ctld" "$state/d" "$state/log"
  cat >"$conf" <<CONF
# Written by wfo's Scripts/slurm-local.sh: a one-node cluster on localhost for tests.
ClusterName=wfo-local
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
# Start an array task as soon as a CPU frees up: by default slurmctld may hold batch jobs back
# for up to 3 s (batch_sched_delay), a tick the test suite's seconds-long tasks would wait on.
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
# Finished jobs stay visible to scontrol for 5 minutes; array limits up to 10000 tasks.
MinJobAge=300
MaxArraySize=10001
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$(hostname) CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
}

running() { pgrep -x "$1" >/dev/null; }

start() {
  [ "$(id -u)" = 0 ] || fail "run as root (the daemons and /etc/slurm need it)"
  command -v slurmctld >/dev/null && command -v munged >/dev/null || fail "install Debian's slurm-wlm and munge first (apt-get install -y slurm-wlm munge)"
  write_config
  if [ ! -s /etc/munge/munge.key ]; then mungekey --create --keyfile=/etc/munge/munge.key; fi
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  running munged || runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || fail "munged does not answer; see /var/log/munge/munged.log"
  running slurmctld || slurmctld -f "$conf"
  running slurmd || slurmd -f "$conf" -N "$node"
  for _ in $(seq 150); do
    if sinfo -h -n "$node" -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
      scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true
      echo "slurm: node $node up with $cpus CPUs in partition debug"; sinfo; return 0
    fi
    # A node left down or drained by an earlier session comes back.
    sinfo -h -n "$node" -o '%T' 2>/dev/null | grep -Eq 'down|drain' && scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true
    sleep 0.2
  done
  echo "--- slurmctld.log"; tail -n 20 "$state/log/slurmctld.log" || true
  echo "--- slurmd.log"; tail -n 20 "$state/log/slurmd.log" || true
  fail "the node did not come up within 30 s (logs above)"
}

stop() {
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  pkill -x munged 2>/dev/null || true
  echo "slurm: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo && squeue ;;
  *) fail "usage: Scripts/slurm-local.sh start|stop|status" ;;
esac
