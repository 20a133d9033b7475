# zsh -f zsh-complete.zsh FPATH_DIR 'COMMAND LINE': types the line and TAB into an interactive
# zsh (in a pseudo-terminal, zsh/zpty) whose fpath has FPATH_DIR first, with compinit loaded,
# and prints what the terminal showed (BuildDocsTest reads the completed line from it).
zmodload zsh/zpty || exit 2
zpty -b z 'zsh -f -i'
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; setopt nobeep; bondctl() { :; }"
zpty -w -n z "$2"$'\t'
sleep 1
# erase the line, then mark the end so the reader knows everything before it has arrived
zpty -w -n z $'\C-u'"echo END-OF-TEST"$'\n'
# blocking read until the echoed command and its output have both arrived (the test runs this
# script with a time limit)
zpty -r z out '*END-OF-TEST*END-OF-TEST*'
zpty -d z
print -r -- "$out"
