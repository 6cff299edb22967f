# bash completion for slaclock. Commands and options are read from the
# program's own --help, so new ones complete without editing this file;
# option values (formats, statuses) are listed here; clocks and calendars
# are asked of the program.
# Installed as share/bash-completion/completions/slaclock; or source it.

_slaclock_section() {
  # The first-column words of one section ("Options:" or "Subcommands:") of a help text.
  awk -v want="$1" '
    /^[A-Za-z][A-Za-z ]*:$/ { in_section = ($0 == want); next }
    in_section && /^  [^ ]/ {
      split($1, names, ",")
      for (i in names) print names[i]
    }'
}

_slaclock() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=""
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local prog=${COMP_WORDS[0]}
  local top help
  top=$("$prog" --help 2>/dev/null) || return 0
  help=$top
  local -a path=()
  local i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    [[ $w == -* ]] && continue
    if _slaclock_section "Subcommands:" <<<"$help" | grep -qxF -- "$w"; then
      path+=("$w")
      help=$("$prog" "${path[@]}" --help 2>/dev/null) || return 0
    fi
  done

  COMPREPLY=()
  case $prev in
    --format)
      local formats="table json csv"
      [[ ${path[0]-} == kvi ]] && formats+=" html"
      mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
      return 0
      ;;
    --input-format)
      mapfile -t COMPREPLY < <(compgen -W "jsonl csv" -- "$cur")
      return 0
      ;;
    --clock)
      # The program's own list: the DSC clocks and those the database's rule versions define.
      mapfile -t COMPREPLY < <(compgen -W "$("$prog" rules clocks --names 2>/dev/null)" -- "$cur")
      return 0
      ;;
    --status)
      mapfile -t COMPREPLY < <(compgen -W "pending at_risk breached" -- "$cur")
      return 0
      ;;
    --calendar)
      local dir
      dir=$("$prog" --version 2>/dev/null | sed -n 's/^data folder \(.*\) ([^)]*)$/\1/p')
      if [[ -n $dir && -d $dir/calendars ]]; then
        local -a names=("$dir"/calendars/*.yaml)
        names=("${names[@]##*/}")
        mapfile -t COMPREPLY < <(compgen -W "${names[*]%.yaml}" -- "$cur")
      fi
      return 0
      ;;
    --data-dir | --calendars-dir)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return 0
      ;;
    --db | --out | --quarantine | --kvi-config)
      return 0 # file names (complete -o default)
      ;;
  esac

  if [[ $cur == -* ]]; then
    local options
    options=$( (_slaclock_section "Options:" <<<"$help"; _slaclock_section "Options:" <<<"$top") | sort -u)
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
    return 0
  fi
  local commands
  commands=$(_slaclock_section "Subcommands:" <<<"$help")
  if [[ -n $commands ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
  fi
  return 0 # otherwise a FILE or a value: file names (complete -o default)
}

complete -o bashdefault -o default -F _slaclock slaclock
