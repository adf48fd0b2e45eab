package io.steward.rules;

import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Expression;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The File* rules, on the files behind the data path (any filesystem Hadoop can read):
 * FileFreshness (modification times), FileSize, FileUniqueness (contents by checksum) and
 * FileMatch (checksums, or two paths with the same files). Hidden and _-prefixed files, such as
 * Spark's _SUCCESS markers, are not data.
 */
final class FileRules {

    private static final DateTimeFormatter TIME_12 = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);

    private final Optional<String> dataLocation;
    private final Configuration hadoop;
    private final Instant now;
    private final Conditions conditions;

    FileRules(Optional<String> dataLocation, Configuration hadoop, Instant now, Conditions conditions) {
        this.dataLocation = dataLocation;
        this.hadoop = hadoop;
        this.now = now;
        this.conditions = conditions;
    }

    /** The path a File* rule names, or the data path. */
    String location(List<String> parameters) {
        if (!parameters.isEmpty()) {
            return parameters.get(0);
        }
        return dataLocation.orElseThrow(() -> new Conditions.Undecidable(
                "give the path: this data was not read from files Steward knows"));
    }

    /** Share of files whose modification time meets the date (or time-of-day) condition. */
    double freshShare(String location, Condition condition) {
        List<FileStatus> files = files(location);
        boolean timeOfDay = usesTimeOfDay(condition);
        Condition numeric = map(condition, e -> timeOfDay ? secondOfDay(e) : epochSeconds(e));
        long passing = files.stream().filter(f -> {
            Instant modified = Instant.ofEpochMilli(f.getModificationTime());
            double value = timeOfDay ? modified.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay()
                    : modified.getEpochSecond();
            return conditions.test(value, numeric, null);
        }).count();
        return (double) passing / files.size();
    }

    /** Share of files whose size meets the size condition. */
    double sizeShare(String location, Condition condition) {
        List<FileStatus> files = files(location);
        Condition numeric = map(condition, FileRules::bytes);
        long passing = files.stream().filter(f -> conditions.test(f.getLen(), numeric, null)).count();
        return (double) passing / files.size();
    }

    /** Files whose contents no other file has, as a share of all files. */
    double uniqueShare(String location) {
        List<FileStatus> files = files(location);
        Map<String, Integer> counts = new HashMap<>();
        List<String> checksums = new ArrayList<>();
        for (FileStatus file : files) {
            String checksum = checksum(file, "SHA-256");
            checksums.add(checksum);
            counts.merge(checksum, 1, Integer::sum);
        }
        return (double) checksums.stream().filter(c -> counts.get(c) == 1).count() / files.size();
    }

    /** Whether two paths hold the same files (same relative names, same contents). */
    boolean sameFiles(String first, String second) {
        return contents(first).equals(contents(second));
    }

    /** Every file's checksum, for FileMatch ... in ["..."]. */
    List<String> checksums(String location, String algorithm) {
        return files(location).stream().map(f -> checksum(f, algorithm)).toList();
    }

    static String algorithm(Optional<String> tag) {
        String name = tag.orElse("MD5").toUpperCase(Locale.ROOT).replace("SHA256", "SHA-256").replace("SHA1", "SHA-1");
        if (!List.of("MD5", "SHA-1", "SHA-256").contains(name)) {
            throw new Conditions.Undecidable("hashAlgorithm is MD5, SHA-1 or SHA-256; found " + tag.orElse(""));
        }
        return name;
    }

    /** Each file's path below the location (its name, for a single file) and its checksum. */
    private Map<String, String> contents(String location) {
        String root;
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            root = path.getFileSystem(hadoop).makeQualified(path).toUri().getPath();
        } catch (IOException e) {
            throw new Conditions.Undecidable("cannot read " + location + ": " + e.getMessage());
        }
        String prefix = root.endsWith("/") ? root : root + "/";
        Map<String, String> byName = new TreeMap<>();
        for (FileStatus file : files(location)) {
            String path = file.getPath().toUri().getPath();
            String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : file.getPath().getName();
            byName.put(relative, checksum(file, "SHA-256"));
        }
        return byName;
    }

    private List<FileStatus> files(String location) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        List<FileStatus> files = new ArrayList<>();
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                throw new Conditions.Undecidable(location + " does not exist");
            }
            RemoteIterator<LocatedFileStatus> listing = fs.listFiles(path, true);
            while (listing.hasNext()) {
                LocatedFileStatus file = listing.next();
                String name = file.getPath().getName();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new Conditions.Undecidable("cannot list " + location + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new Conditions.Undecidable(location + " holds no data files");
        }
        return files;
    }

    private String checksum(FileStatus file, String algorithm) {
        try (FSDataInputStream in = file.getPath().getFileSystem(hadoop).open(file.getPath())) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new Conditions.Undecidable("cannot read " + file.getPath() + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new Conditions.Undecidable("unknown hash algorithm " + algorithm);
        }
    }

    private boolean usesTimeOfDay(Condition condition) {
        boolean[] found = {false};
        map(condition, e -> {
            Expression resolved = conditions.resolve(e);
            if (resolved instanceof Expression.StringLiteral s && s.value().contains(":")) {
                found[0] = true;
            }
            return e;
        });
        return found[0];
    }

    private Expression epochSeconds(Expression expression) {
        Expression e = conditions.resolve(expression);
        Instant instant;
        if (e instanceof Expression.Now) {
            instant = now;
        } else if (e instanceof Expression.Arithmetic a && a.left() instanceof Expression.Now
                && a.right() instanceof Expression.DurationLiteral d) {
            instant = a.operator() == Expression.ArithmeticOperator.ADD ? now.plus(RowPredicates.duration(d))
                    : now.minus(RowPredicates.duration(d));
        } else if (e instanceof Expression.StringLiteral s) {
            instant = LocalDate.parse(s.value()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } else {
            throw new Conditions.Undecidable("FileFreshness compares with dates, times of day or now()");
        }
        return new Expression.NumberLiteral(BigDecimal.valueOf(instant.getEpochSecond()), e.position());
    }

    private Expression secondOfDay(Expression expression) {
        Expression e = conditions.resolve(expression);
        if (!(e instanceof Expression.StringLiteral s)) {
            throw new Conditions.Undecidable("a time-of-day condition compares times only, such as \"9:30 AM\"");
        }
        String text = s.value();
        LocalTime time = text.toUpperCase(Locale.ROOT).endsWith("M") ? LocalTime.parse(text.toUpperCase(Locale.ROOT),
                TIME_12) : LocalTime.parse(text);
        return new Expression.NumberLiteral(BigDecimal.valueOf(time.toSecondOfDay()), e.position());
    }

    private static Expression bytes(Expression expression) {
        if (expression instanceof Expression.SizeLiteral s) {
            return new Expression.NumberLiteral(s.amount().multiply(BigDecimal.valueOf(s.unit().bytes())),
                    s.position());
        }
        throw new Conditions.Undecidable("FileSize compares with sizes such as 10 MB");
    }

    /** The condition with each operand replaced. */
    private static Condition map(Condition condition, UnaryOperator<Expression> operand) {
        if (condition instanceof Condition.Comparison c) {
            return new Condition.Comparison(c.operator(), operand.apply(c.operand()), c.position());
        }
        if (condition instanceof Condition.Between b) {
            return new Condition.Between(b.negated(), operand.apply(b.low()), operand.apply(b.high()), b.position());
        }
        if (condition instanceof Condition.Membership m && m.values() instanceof Expression.ListLiteral l) {
            return new Condition.Membership(m.negated(), new Expression.ListLiteral(
                    l.items().stream().map(operand).toList(), l.position()), m.position());
        }
        throw new Conditions.Undecidable("this condition does not apply to files");
    }
}
