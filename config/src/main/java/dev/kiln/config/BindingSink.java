package dev.kiln.config;

/** Where a {@link BindingReader} puts the bindings it reads; names are checked to be valid and unique. */
@FunctionalInterface
public interface BindingSink {

    /** @param at the table the binding was declared in (problems with its name are reported there) */
    void add(ConfigTable at, Binding binding);
}
