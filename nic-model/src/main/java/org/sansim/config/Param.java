package org.sansim.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the unit and the one-line description of a component of a {@code Params} record; the
 * record's static {@code defaults()} method supplies the default. {@link ParamsDescriptor} reads
 * the three and generates documentation, {@code describe} output and override parsing from them.
 *
 * <p>The unit is one of the constants of this annotation, and decides both the Java type the
 * component may have and how an override string is parsed:
 * <table>
 *   <caption>Units of parameters</caption>
 *   <tr><th>unit</th><th>Java type</th><th>override strings</th></tr>
 *   <tr><td>{@value #PS}</td><td>long, int</td><td>{@link Units#parseDurationPs}, e.g. "400ns"</td></tr>
 *   <tr><td>{@value #BYTES}</td><td>long, int</td><td>{@link Units#parseBytes}, e.g. "4KiB"</td></tr>
 *   <tr><td>{@value #BPS}</td><td>long, int</td><td>{@link Units#parseBitRateBps}, e.g. "100Gbps"</td></tr>
 *   <tr><td>{@value #HZ}</td><td>long, int</td><td>{@link Units#parseFrequencyHz}, e.g. "430MHz"</td></tr>
 *   <tr><td>{@value #COUNT}</td><td>long, int</td><td>{@link Units#parseCount}, e.g. "4096"</td></tr>
 *   <tr><td>{@value #CYCLES}</td><td>long, int</td><td>{@link Units#parseCount}: cycles of the
 *       component's own clock</td></tr>
 *   <tr><td>{@value #BOOL}</td><td>boolean</td><td>"true" or "false", any case</td></tr>
 *   <tr><td>{@value #ENUM}</td><td>an enum</td><td>a constant's name, any case</td></tr>
 *   <tr><td>{@value #RATIO}</td><td>double</td><td>a decimal number ("0.25", "1e-6") or a
 *       percentage ("25%")</td></tr>
 *   <tr><td>{@value #MAC}</td><td>long</td><td>{@link Units#parseMac}, e.g. "02:00:0a:00:00:05"</td></tr>
 *   <tr><td>{@value #IPV4}</td><td>int</td><td>{@link Units#parseIpv4}, e.g. "10.0.0.5"</td></tr>
 *   <tr><td>{@value #NONE} (none)</td><td>String</td><td>the string itself</td></tr>
 * </table>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param
{
    /** A duration in picoseconds. */
    String PS = "ps";

    /** A size in bytes. */
    String BYTES = "bytes";

    /** A bit rate in bits per second. */
    String BPS = "bps";

    /** A frequency in hertz. */
    String HZ = "Hz";

    /** A number of things (entries, queues, outstanding requests). */
    String COUNT = "count";

    /** A number of cycles of the component's clock. */
    String CYCLES = "cycles";

    /** A switch. */
    String BOOL = "bool";

    /** A choice among the constants of an enum. */
    String ENUM = "enum";

    /** A dimensionless real number, such as a probability or a fraction. */
    String RATIO = "ratio";

    /** A 48-bit MAC address, written as six colon-separated hexadecimal bytes. */
    String MAC = "mac";

    /** An IPv4 address, written in dotted decimal; held in an int, most significant byte first. */
    String IPV4 = "ipv4";

    /** No unit: a name or a path. */
    String NONE = "";

    /**
     * The unit, one of the constants of this annotation.
     *
     * @return the unit; {@value #NONE} (the default) only for {@code String} components
     */
    String unit() default NONE;

    /**
     * What the parameter controls, in one line without a trailing full stop.
     *
     * @return the description
     */
    String description();
}
