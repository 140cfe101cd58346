package org.sansim.config;

/**
 * What {@code describe} and generated documentation show about one parameter.
 *
 * @param name the record component's name, which is also the override key
 * @param javaType the component's type: {@code long}, {@code int}, {@code double},
 *     {@code boolean}, an enum or {@code String}
 * @param unit the {@link Param#unit()} symbol, for example {@value Param#PS}
 * @param description the one-line {@link Param#description()}
 * @param defaultText the value of {@code defaults()} formatted with its unit, for example
 *     {@code "1.25 us"}; given back as an override it reproduces the default
 */
public record ParamInfo(String name, Class<?> javaType, String unit, String description, String defaultText)
{
}
