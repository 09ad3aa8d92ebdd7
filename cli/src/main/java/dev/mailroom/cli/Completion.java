package dev.mailroom.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mailroom completion bash|zsh}: a completion script generated from the command table (commands, their
 * sub-commands and options; file names after options that take a path), so it never falls out of step.
 * {@code source <(mailroom completion bash)}, or for zsh (after compinit) {@code source <(mailroom completion zsh)}.
 */
final class Completion {

    /** The stack manager's own commands (bin/mailroom). */
    static final List<String> STACK = List.of("up", "down", "status", "logs", "images", "help");
    private static final Set<String> FILE_OPTIONS = Set.of("attachment", "attach", "mime-file", "text-file",
            "html-file");

    private Completion() {
    }

    static int run(Context c, Args a) {
        String shell = a.atMost(1).arg(0, "shell (bash or zsh)");
        switch (shell) {
            case "bash" -> c.out().out().print(bash());
            case "zsh" -> c.out().out().print(zsh());
            default -> throw Exit.usage("no completion for '" + shell + "': bash or zsh");
        }
        return Exit.OK;
    }

    /** First words, and the second words of each group. */
    static Map<String, List<String>> tree() {
        Map<String, List<String>> tree = new LinkedHashMap<>();
        STACK.forEach(s -> tree.put(s, new ArrayList<>()));
        for (Command c : Commands.all()) {
            String[] w = c.name().split(" ");
            List<String> subs = tree.computeIfAbsent(w[0], k -> new ArrayList<>());
            if (w.length > 1) {
                subs.add(w[1]);
            }
        }
        return tree;
    }

    static String options(Command c) {
        Set<String> o = new LinkedHashSet<>();
        c.options().forEach(x -> o.add("--" + x.name()));
        c.aliases().keySet().forEach(x -> o.add("--" + x));
        Main.GLOBAL.forEach(x -> o.add("--" + x.name()));
        return String.join(" ", o);
    }

    private static String aliasCases(String indent) {
        StringBuilder b = new StringBuilder();
        Commands.GROUP_ALIASES.forEach((k, v) -> b.append(indent).append(k).append(") w1=").append(v)
                .append(" ;;\n"));
        return b.toString();
    }

    static String bash() {
        Map<String, List<String>> tree = tree();
        StringBuilder b = new StringBuilder();
        b.append("# mailroom completion for bash: source <(mailroom completion bash)\n");
        b.append("_mailroom() {\n");
        b.append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} w1=${COMP_WORDS[1]}"
                + " w2=${COMP_WORDS[2]} cmd= words=\n");
        b.append("  COMPREPLY=()\n");
        b.append("  if ((COMP_CWORD == 1)); then\n");
        b.append("    COMPREPLY=($(compgen -W \"").append(String.join(" ", tree.keySet()))
                .append("\" -- \"$cur\")); return\n  fi\n");
        b.append("  case $w1 in\n").append(aliasCases("    ")).append("  esac\n");
        b.append("  case $prev in\n    --").append(String.join("|--", FILE_OPTIONS))
                .append(") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n  esac\n");
        b.append("  case $w1 in\n");
        tree.forEach((w, subs) -> {
            if (!subs.isEmpty()) {
                b.append("    ").append(w).append(")\n      if ((COMP_CWORD == 2)) && [[ $cur != -* ]]; then\n")
                        .append("        COMPREPLY=($(compgen -W \"").append(String.join(" ", subs))
                        .append("\" -- \"$cur\")); return\n      fi\n")
                        .append("      cmd=\"$w1 $w2\" ;;\n");
            }
        });
        b.append("    *) cmd=$w1 ;;\n  esac\n");
        b.append("  if [[ $cur == -* ]]; then\n    case $cmd in\n");
        for (Command c : Commands.all()) {
            b.append("      \"").append(c.name()).append("\") words=\"").append(options(c)).append("\" ;;\n");
        }
        b.append("      *) words=\"").append(Main.GLOBAL.stream().map(o -> "--" + o.name()).reduce((x, y) -> x + " "
                + y).orElse("")).append("\" ;;\n    esac\n");
        b.append("    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n");
        b.append("  elif [[ $cmd == completion ]]; then\n    COMPREPLY=($(compgen -W \"bash zsh\" -- \"$cur\"))\n");
        b.append("  else\n    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}\n");
        b.append("complete -o filenames -F _mailroom mailroom bin/mailroom ./bin/mailroom\n");
        return b.toString();
    }

    static String zsh() {
        Map<String, List<String>> tree = tree();
        StringBuilder b = new StringBuilder();
        b.append("#compdef mailroom\n# mailroom completion for zsh (after compinit): source <(mailroom completion zsh)\n");
        b.append("_mailroom() {\n  local w1=${words[2]} w2=${words[3]} cmd\n  local -a opts\n");
        b.append("  if ((CURRENT == 2)); then\n    compadd -- ").append(String.join(" ", tree.keySet()))
                .append("\n    return\n  fi\n");
        b.append("  case $w1 in\n").append(aliasCases("    ")).append("  esac\n");
        b.append("  case ${words[CURRENT-1]} in\n    --").append(String.join("|--", FILE_OPTIONS))
                .append(") _files; return ;;\n  esac\n");
        b.append("  case $w1 in\n");
        tree.forEach((w, subs) -> {
            if (!subs.isEmpty()) {
                b.append("    ").append(w).append(")\n      if ((CURRENT == 3)) && [[ $PREFIX != -* ]]; then\n")
                        .append("        compadd -- ").append(String.join(" ", subs)).append("\n        return\n")
                        .append("      fi\n      cmd=\"$w1 $w2\" ;;\n");
            }
        });
        b.append("    *) cmd=$w1 ;;\n  esac\n");
        b.append("  if [[ $PREFIX == -* ]]; then\n    case $cmd in\n");
        for (Command c : Commands.all()) {
            b.append("      \"").append(c.name()).append("\") opts=(").append(options(c)).append(") ;;\n");
        }
        b.append("      *) opts=(--profile --api-url --json --help) ;;\n    esac\n");
        b.append("    compadd -- $opts\n");
        b.append("  elif [[ $cmd == completion ]]; then\n    compadd -- bash zsh\n");
        b.append("  else\n    _files\n  fi\n}\n");
        b.append("compdef _mailroom mailroom bin/mailroom\n");
        return b.toString();
    }
}
