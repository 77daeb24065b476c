package io.lockaware.junit;

import io.lockaware.ReportKind;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reports of these kinds do not fail the annotated test (or every test of the annotated class): for tests that
 * provoke a report on purpose. Without arguments, every kind is allowed.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
public @interface AllowLockReports {
    ReportKind[] value() default {};
}
