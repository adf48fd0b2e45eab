package io.steward.testdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.datafaker.Faker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The landing zone `steward demo` starts from: customers (CSV), their orders (JSON lines, with a
 * nested shipping address) and their web events (JSON documents, one folder per day), with
 * personal data in several formats and some bad records on purpose. Generated from a fixed seed;
 * only the dates move with the day given (events end the day before), so a retention purge always
 * finds old events and no event lies in the future.
 *
 * <p>The data subject of the demo's erase request, {@link #SUBJECT_EMAIL}, is customer
 * {@link #SUBJECT_ID}: in the customers, in {@link #SUBJECT_ORDERS} orders (as the shipping
 * name) and in events, one of which quotes her email in its free-text message.
 */
public final class DemoDataGenerator {

    public static final long SEED = 20261128L;
    public static final int CUSTOMERS = 240;
    public static final int ORDERS = 1_000;
    public static final int EVENT_DAYS = 42;
    public static final int EVENTS_PER_DAY = 24;
    public static final String SUBJECT_ID = "C0007";
    public static final String SUBJECT_NAME = "Ann Lee";
    public static final String SUBJECT_EMAIL = "ann.lee@example.com";
    public static final int SUBJECT_ORDERS = 3;
    public static final String CURRENCIES_OK = "EUR, USD, GBP";
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "IT", "ES", "GB", "US"};
    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
    private static final String[] EVENT_TYPES = {"page_view", "search", "add_to_cart", "checkout", "login"};
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was generated, with the bad records (key, then what is wrong with it): the rows the
     * demo's checks must quarantine. A customer id given twice fails the uniqueness rule, a
     * dataset-level rule, so its rows are not among them.
     */
    public record Landing(Path customers, Path orders, Path events, Map<String, String> badCustomers,
                          List<String> duplicatedCustomerIds, Map<String, String> badOrders,
                          Map<String, String> badEvents, int eventRows) {
    }

    private final Random random = new Random(SEED);
    private final Faker faker = new Faker(Locale.UK, new Random(SEED));

    private DemoDataGenerator() {
    }

    /** Writes the landing zone under this folder (which must not hold one yet), as of {@code today}. */
    public static Landing write(Path folder, LocalDate today) throws IOException {
        return new DemoDataGenerator().generate(folder, today);
    }

    private Landing generate(Path folder, LocalDate today) throws IOException {
        Map<String, String> customerDefects = new TreeMap<>();
        List<String> customerIds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder customers = new StringBuilder("customer_id,name,email,phone,birth_date,country,iban,signup_date\n");
        for (int i = 1; i <= CUSTOMERS; i++) {
            String id = String.format("C%04d", i);
            String first = faker.name().firstName();
            String last = faker.name().lastName();
            String name = i == 7 ? SUBJECT_NAME : first + " " + last;
            String email = i == 7 ? SUBJECT_EMAIL
                    : (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + i + "@example.com";
            String phone = String.format("+44 20 7946 %04d", 1000 + i);
            LocalDate born = LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28));
            if (i % 60 == 13) { // a missing email
                email = "";
                customerDefects.put(id, "no email");
            } else if (i % 60 == 29) { // an email without its @
                email = email.replace("@", " at ");
                customerDefects.put(id, "email without @");
            }
            if (i == 200) {
                born = today.plusYears(1);
                customerDefects.put(id, "born in the future");
            }
            customerIds.add(id);
            names.add(name);
            customers.append(String.join(",", id, name, email, phone, born.toString(),
                    COUNTRIES[random.nextInt(COUNTRIES.length)], iban(i),
                    today.minusDays(100 + random.nextInt(700)).toString())).append('\n');
        }
        // A customer id given twice (a re-import of customer 150 under another email).
        customers.append(String.join(",", "C0150", names.get(149), "second.account150@example.com",
                "+44 20 7946 1150", "1980-05-05", "GB", iban(150), today.minusDays(20).toString())).append('\n');

        Map<String, String> orderDefects = new TreeMap<>();
        StringBuilder orders = new StringBuilder();
        int subjectOrders = 0;
        for (int j = 1; j <= ORDERS; j++) {
            int customer = j % 97 == 0 && subjectOrders < SUBJECT_ORDERS ? 7 : 1 + random.nextInt(CUSTOMERS);
            if (customer == 7) {
                if (subjectOrders == SUBJECT_ORDERS) {
                    customer = 8;
                } else {
                    subjectOrders++;
                }
            }
            String orderId = String.format("O%05d", j);
            double amount = Math.round((5 + random.nextDouble() * 400) * 100) / 100.0;
            String currency = j % 10 == 0 ? "USD" : "EUR";
            String customerId = customerIds.get(customer - 1);
            if (j % 250 == 17) {
                amount = -amount;
                orderDefects.put(orderId, "negative amount");
            } else if (j % 250 == 101) {
                currency = "XXX";
                orderDefects.put(orderId, "unknown currency");
            } else if (j == 500) {
                customerId = null;
                orderDefects.put(orderId, "no customer");
            }
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("order_id", orderId);
            order.put("customer_id", customerId);
            order.put("status", STATUSES[random.nextInt(STATUSES.length)]);
            order.put("amount", amount);
            order.put("currency", currency);
            order.put("created_at", LocalDateTime.of(today.minusDays(1 + random.nextInt(60)),
                    java.time.LocalTime.of(random.nextInt(24), random.nextInt(60))).toString() + ":00Z");
            Map<String, Object> shipping = new LinkedHashMap<>();
            shipping.put("name", names.get(customer - 1));
            shipping.put("street", faker.address().streetAddress());
            shipping.put("city", faker.address().city());
            shipping.put("postal_code", faker.address().zipCode());
            order.put("shipping", shipping);
            orders.append(json(order)).append('\n');
        }
        if (subjectOrders != SUBJECT_ORDERS) {
            throw new IllegalStateException("the subject has " + subjectOrders + " orders, not " + SUBJECT_ORDERS);
        }

        Map<String, String> eventDefects = new TreeMap<>();
        Path events = folder.resolve("events");
        int eventRows = 0;
        int sequence = 0;
        for (int d = EVENT_DAYS; d >= 1; d--) { // up to yesterday: no event is in the future
            LocalDate day = today.minusDays(d);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int e = 0; e < EVENTS_PER_DAY; e++) {
                sequence++;
                int customer = sequence % 50 == 0 ? 7 : 1 + random.nextInt(CUSTOMERS);
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("event_id", "E" + String.format("%06d", sequence));
                event.put("customer_id", customerIds.get(customer - 1));
                String type = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
                if (sequence % 200 == 77) {
                    type = "unknown";
                    eventDefects.put((String) event.get("event_id"), "unknown event type");
                }
                event.put("event_type", type);
                event.put("ip_address", "203.0." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
                event.put("user_agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/1" + (20 + random.nextInt(12)) + ".0");
                event.put("occurred_at", day.atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60))
                        .atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                event.put("message", message(customer, names.get(customer - 1)));
                rows.add(event);
            }
            eventRows += rows.size();
            write(events.resolve("day=" + day).resolve("events.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(rows) + "\n");
        }
        return new Landing(write(folder.resolve("customers.csv"), customers.toString()),
                write(folder.resolve("orders.jsonl"), orders.toString()), events,
                Collections.unmodifiableMap(customerDefects), List.of("C0150"), Collections.unmodifiableMap(orderDefects),
                Collections.unmodifiableMap(eventDefects), eventRows);
    }

    /** Free text as support tools log it: mostly harmless, sometimes quoting a phone or an email. */
    private String message(int customer, String name) {
        int kind = random.nextInt(10);
        if (customer == 7 && kind < 5) {
            return "customer asked to be contacted at " + SUBJECT_EMAIL;
        }
        return switch (kind) {
            case 0 -> "call back " + name + " on +44 20 7946 " + (1000 + customer);
            case 1 -> "newsletter sign-up from the footer";
            case 2 -> "reply sent to " + name.toLowerCase(Locale.ROOT).replace(' ', '.') + customer + "@example.com";
            default -> "";
        };
    }

    /** A valid German IBAN (mod-97 check digits) made from the customer number. */
    private static String iban(int customer) {
        String bban = "37040044" + String.format("%010d", 532013000L + customer);
        String numeric = bban + "131400"; // "DE" as digits, then "00"
        int check = 98 - new java.math.BigInteger(numeric).mod(java.math.BigInteger.valueOf(97)).intValue();
        return String.format("DE%02d%s", check, bban);
    }

    private static String json(Map<String, Object> row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
