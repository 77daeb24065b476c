package io.lockaware;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Stack capture for acquisition sites, without the library's own frames on top. */
final class Sites {
    private static final int MAX_FRAMES = 40;
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> INTERNAL = Set.of(
            "io.lockaware.Sites", "io.lockaware.Tracker", "io.lockaware.ThreadRecord", "io.lockaware.OrderGraph",
            "io.lockaware.Detections", "io.lockaware.TrackedCondition", "io.lockaware.DeadlockAwareMutex",
            "io.lockaware.DeadlockAwareRWLock", "io.lockaware.HeldLock");
    static final StackTraceElement[] NONE = new StackTraceElement[0];

    private Sites() {
    }

    static boolean internal(String className) {
        int nested = className.indexOf('$');
        return INTERNAL.contains(nested < 0 ? className : className.substring(0, nested));
    }

    /** The caller's stack, starting at the first frame outside the library. */
    static StackTraceElement[] capture() {
        return WALKER.walk(frames -> frames
                .dropWhile(f -> internal(f.getClassName()))
                .limit(MAX_FRAMES)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /**
     * Name for a lock built without one: the first frame outside the library and outside constructors of lock
     * subclasses, as {@code com.acme.Room:42}. Every lock built on that line shares one lock class.
     */
    static String constructionSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !internal(f.getClassName()) && !lockConstructor(f))
                .findFirst()
                .map(f -> f.getClassName() + ":" + f.getLineNumber())
                .orElse("unknown-site"));
    }

    private static boolean lockConstructor(StackWalker.StackFrame f) {
        Class<?> c = f.getDeclaringClass();
        return f.getMethodName().equals("<init>")
                && (DeadlockAwareMutex.class.isAssignableFrom(c) || DeadlockAwareRWLock.class.isAssignableFrom(c));
    }

    /**
     * A blocked thread's stack from the first frame of user code: the parking frames of the JDK's synchronizer and
     * this library's own frames say nothing the report does not say already.
     */
    static StackTraceElement[] fromUserCode(StackTraceElement[] stack) {
        int i = 0;
        while (i < stack.length && plumbing(stack[i].getClassName())) {
            i++;
        }
        return trim(i == stack.length ? stack : java.util.Arrays.copyOfRange(stack, i, stack.length));
    }

    private static boolean plumbing(String cls) {
        return cls.startsWith("java.util.concurrent.locks.") || cls.startsWith("jdk.internal.misc.") || internal(cls);
    }

    static StackTraceElement[] trim(StackTraceElement[] stack) {
        return stack.length <= MAX_FRAMES ? stack : java.util.Arrays.copyOf(stack, MAX_FRAMES);
    }

    static List<StackTraceElement> list(StackTraceElement[] stack) {
        return stack == null ? List.of() : List.of(stack);
    }

    /** Indented "at ..." lines, as in a Java stack trace. */
    static String format(StackTraceElement[] stack, String indent) {
        if (stack == null || stack.length == 0) {
            return indent + "(no stack captured)\n";
        }
        return java.util.Arrays.stream(stack).map(e -> indent + "at " + e + "\n").collect(Collectors.joining());
    }
}
