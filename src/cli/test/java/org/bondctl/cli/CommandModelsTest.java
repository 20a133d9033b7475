package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The model the build generates (CompiledCommandModels, see CommandModels) against the
 * annotated one it is made from: the same commands, usage texts, versions, arguments with every
 * attribute and initial value, mixins, and each argument's setter writing the annotated field.
 */
class CommandModelsTest {
    @Test
    void theBuildGeneratesTheModelAndMainUsesIt() {
        assertEquals(CommandModels.COMPILED, CommandModels.get().getClass().getName());
        assertNotEquals(CommandModels.ANNOTATED, CommandModels.get());
    }

    @Test
    void generatedModelEqualsTheAnnotatedOne() throws Exception {
        CommandLine annotated = CommandModels.ANNOTATED.commandLine(List.of());
        CommandLine compiled = CommandModels.get().commandLine(List.of());
        int[] checked = new int[2];
        compare(annotated, compiled, checked);
        assertTrue(checked[0] > 40, "commands compared: " + checked[0]);
        assertTrue(checked[1] > 150, "arguments compared: " + checked[1]);
    }

    private static void compare(CommandLine a, CommandLine c, int[] checked) throws Exception {
        CommandSpec as = a.getCommandSpec();
        CommandSpec cs = c.getCommandSpec();
        String where = as.qualifiedName();
        checked[0]++;
        assertEquals(where, cs.qualifiedName());
        assertEquals(as.userObject().getClass(), cs.userObject().getClass(), where);
        assertEquals(List.of(as.aliases()), List.of(cs.aliases()), where);
        assertEquals(new ArrayList<>(as.subcommands().keySet()), new ArrayList<>(cs.subcommands().keySet()), where);
        assertEquals(new ArrayList<>(as.mixins().keySet()), new ArrayList<>(cs.mixins().keySet()), where);
        assertEquals(a.getUsageMessage(Ansi.OFF), c.getUsageMessage(Ansi.OFF), where);
        assertEquals(List.of(as.version()), List.of(cs.version()), where);
        assertEquals(as.usageMessage().hidden(), cs.usageMessage().hidden(), where);
        assertEquals(as.usageMessage().footer().length, cs.usageMessage().footer().length, where);
        assertEquals(as.exitCodeOnInvalidInput(), cs.exitCodeOnInvalidInput(), where);
        assertEquals(as.subcommandsRepeatable(), cs.subcommandsRepeatable(), where);
        List<ArgSpec> aargs = as.args();
        List<ArgSpec> cargs = cs.args();
        assertEquals(aargs.size(), cargs.size(), where);
        for (int i = 0; i < aargs.size(); i++) {
            assertEquals(describe(aargs.get(i)), describe(cargs.get(i)), where);
        }
        for (int i = 0; i < aargs.size(); i++) {
            checked[1]++;
            setterWritesTheAnnotatedField(cs, aargs.get(i), cargs.get(i));
        }
        for (String name : as.subcommands().keySet()) {
            compare(as.subcommands().get(name), cs.subcommands().get(name), checked);
        }
    }

    /** Every attribute of an argument picocli reads when it parses or prints help. */
    private static String describe(ArgSpec arg) {
        StringBuilder b = new StringBuilder();
        if (arg instanceof OptionSpec o) {
            b.append("option ").append(List.of(o.names())).append(" help=").append(o.help())
                    .append(" usageHelp=").append(o.usageHelp()).append(" versionHelp=").append(o.versionHelp())
                    .append(" negatable=").append(o.negatable()).append(" fallback=").append(o.fallbackValue())
                    .append(" order=").append(o.order());
        } else {
            PositionalParamSpec p = (PositionalParamSpec) arg;
            b.append("positional ").append(p.index()).append(" unspecified=").append(p.index().isUnspecified());
        }
        b.append(" arity=").append(arg.arity()).append(" unspecified=").append(arg.arity().isUnspecified())
                .append(" required=").append(arg.required()).append(" label=").append(arg.paramLabel())
                .append(" hideSyntax=").append(arg.hideParamSyntax())
                .append(" description=").append(List.of(arg.description()))
                .append(" key=").append(arg.descriptionKey())
                .append(" type=").append(arg.type()).append(" aux=").append(List.of(arg.auxiliaryTypes()))
                .append(" multi=").append(arg.isMultiValue())
                .append(" split=").append(arg.splitRegex()).append(" hidden=").append(arg.hidden())
                .append(" default=").append(arg.defaultValue())
                .append(" initial=").append(Arrays.deepToString(new Object[] {arg.initialValue()}))
                .append(" hasInitial=").append(arg.hasInitialValue())
                .append(" showDefault=").append(arg.showDefaultValue())
                .append(" interactive=").append(arg.interactive())
                .append(" scope=").append(arg.scopeType()).append(" inherited=").append(arg.inherited())
                .append(" converters=").append(arg.converters().length);
        List<String> candidates = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(candidates::add);
        }
        return b.append(" candidates=").append(candidates).toString();
    }

    /** The generated argument's setter writes the field the annotated argument is declared on. */
    private static void setterWritesTheAnnotatedField(CommandSpec compiled, ArgSpec annotated, ArgSpec generated)
            throws Exception {
        Field f = (Field) annotated.userObject();
        if (f.getDeclaringClass().getSimpleName().equals("AutoHelpMixin")) {
            return; // private fields of picocli's: the generated help options hold their own value
        }
        Object owner = owner(compiled, f.getDeclaringClass());
        Object sample = sample(f.getType(), generated.getValue(), compiled.qualifiedName() + " " + f);
        generated.setValue(sample);
        f.setAccessible(true);
        assertEquals(sample, f.get(owner), compiled.qualifiedName() + ": " + f);
    }

    /** The object holding fields of type declaring: the command, one of its mixins, or the same up the parents (inherited options). */
    private static Object owner(CommandSpec spec, Class<?> declaring) {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (declaring.isInstance(s.userObject())) {
                return s.userObject();
            }
            for (CommandSpec m : s.mixins().values()) {
                if (declaring.isInstance(m.userObject())) {
                    return m.userObject();
                }
            }
        }
        return fail(spec.qualifiedName() + ": nothing holds " + declaring);
    }

    private static Object sample(Class<?> type, Object current, String where) {
        if (type == boolean.class || type == Boolean.class) {
            return !Boolean.TRUE.equals(current);
        } else if (type == int.class || type == Integer.class) {
            return 12_345;
        } else if (type == long.class || type == Long.class) {
            return 12_345L;
        } else if (type == double.class || type == Double.class) {
            return 12.5;
        } else if (type == String.class) {
            return "sample-" + Objects.hashCode(current);
        } else if (type == List.class) {
            return new ArrayList<>(List.of("a", "b"));
        } else if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[constants.length - 1];
        } else if (type == java.nio.file.Path.class) {
            return java.nio.file.Path.of("/sample");
        }
        return fail(where + ": no sample value for " + type);
    }
}
