package dev.kiln.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A {@link Table} as binding readers see it. */
record TableView(Table table) implements ConfigTable {

    @Override
    public String path() {
        return table.path();
    }

    @Override
    public boolean has(String key) {
        return table.has(key);
    }

    @Override
    public Set<String> keys() {
        return table.fields().keySet();
    }

    @Override
    public Optional<String> string(String key) {
        return table.string(key);
    }

    @Override
    public String requiredString(String key) {
        return table.requiredString(key);
    }

    @Override
    public Optional<Long> integer(String key) {
        return table.integer(key);
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return table.bool(key);
    }

    @Override
    public Optional<List<String>> strings(String key) {
        return table.strings(key);
    }

    @Override
    public Optional<ConfigTable> table(String key) {
        return table.table(key).map(TableView::new);
    }

    @Override
    public List<ConfigTable> tables(String key) {
        return table.tables(key).stream().<ConfigTable>map(TableView::new).toList();
    }

    @Override
    public Optional<Object> value(String key) {
        return table.map(key, Node::plain);
    }

    @Override
    public void warnUnexpected(Set<String> known) {
        table.warnUnexpected(known);
    }

    @Override
    public void error(String key, String message) {
        table.error(key, message);
    }

    @Override
    public void warn(String key, String message) {
        table.warn(key, message);
    }
}
