/** Java Velocity semantics: printing, String/Map/List methods, ==, arithmetic, truth. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateRenderError } from '../../../src/gateway/vtl/index.js';
import { javaNumber, javaToString } from '../../../src/gateway/vtl/java-semantics.js';
import { translateJavaRegex } from '../../../src/gateway/vtl/java-regex.js';
import { render, renderJson } from './helpers.js';

describe('printing', () => {
  it('maps as {k=v, ...}, Velocity list literals as [a, b], JSON lists as JSON', () => {
    assert.equal(render('#set($m = {"a": "b", "c": 1, "d": [1, "x"], "e": {"f": true}, "n": $nothing})$m'), '{a=b, c=1, d=[1, x], e={f=true}, n=null}');
    assert.equal(renderJson("$input.path('$.l') $input.path('$.l[1]')", { l: [{ k: 'v/w' }, ['x', 1, null, true]] }), '[{"k":"v\\/w"},["x",1,null,true]] ["x",1,null,true]');
  });

  it('numbers as Java prints them: integers without .0, doubles with Double.toString', () => {
    assert.equal(javaNumber(3), '3');
    assert.equal(javaNumber(-0), '0');
    assert.equal(javaNumber(1.5), '1.5');
    assert.equal(javaNumber(1e21), '1.0E21');
    assert.equal(javaNumber(1.5e-5), '1.5E-5');
    assert.equal(javaNumber(12345678.9), '1.23456789E7');
    assert.equal(javaNumber(123456789012), '123456789012');
    assert.equal(renderJson("$input.path('$.a') $input.path('$.b')", { a: 42, b: 0.25 }), '42 0.25');
  });

  it('booleans as true/false', () => {
    assert.equal(render('#set($t = true)$t #set($f = 1 > 2)$f'), 'true false');
  });

  it('null and undefined references as nothing, quiet or not (recorded: test_input_path_template_formatting)', () => {
    assert.equal(render('[$nope][$!nope][${nope}][$!{nope}][$nope.deeper.still()]'), '[][][][][]');
  });

  it('a Map.Entry as key=value', () => {
    assert.equal(render('#set($m = {"a": 1})#foreach($e in $m.entrySet())$e $e.key $e.getValue()#end'), 'a=1 a 1');
  });

  it('objects of the $context tree as nothing, while their keys stay readable (recorded: test_sqs_amz_json_protocol)', () => {
    const context = { identity: { sourceIp: '1.2.3.4' }, stage: 'dev' };
    assert.equal(render('[$context.identity][$context.get("identity")][$context][$context.identity.keySet()][$context.identity.sourceIp]', { context }), '[][][][[sourceIp]][1.2.3.4]');
  });

  it('javaToString', () => {
    assert.equal(javaToString(null), 'null');
    assert.equal(javaToString({ a: [1] }), '{a=[1]}');
  });
});

describe('String methods', () => {
  const s = (expr: string, value = 'Hello, World') => render(`#set($s = "${value}")${expr}`);

  it('length, substring, charAt, indexOf, lastIndexOf', () => {
    assert.equal(s('$s.length() $s.substring(7) $s.substring(0, 5) $s.charAt(4) $s.indexOf("o") $s.indexOf("o", 5) $s.lastIndexOf("o") $s.indexOf("z")'), '12 World Hello o 4 8 8 -1');
  });

  it('toLowerCase, toUpperCase, trim (chars <= U+0020 only), isEmpty', () => {
    assert.equal(s('[$s.toLowerCase()][$s.toUpperCase()][$s.trim()][$s.isEmpty()]', '  Mixed Case\t'), '[  mixed case\t][  MIXED CASE\t][Mixed Case][false]');
    assert.equal(render('#set($e = "")$e.isEmpty() $e.empty $e.length()'), 'true true 0');
  });

  it('contains, startsWith, endsWith, equals, equalsIgnoreCase, compareTo', () => {
    assert.equal(s('$s.contains("World") $s.contains("world") $s.startsWith("Hell") $s.startsWith("World", 7) $s.endsWith("ld") $s.equals("Hello, World") $s.equals(1) $s.equalsIgnoreCase("HELLO, WORLD")'), 'true false true true true true false true');
    assert.equal(render('#set($a = "apple")$a.compareTo("banana") $a.compareTo("app") $a.compareTo("apple")'), '-1 2 0');
  });

  it('replace (literal, every occurrence), replaceAll and replaceFirst (Java regex and $n groups)', () => {
    assert.equal(s('$s.replace("l", "L") $s.replace(".", "!")'), 'HeLLo, WorLd Hello, World');
    assert.equal(s('$s.replaceAll("[aeiou]", "*") $s.replaceFirst("o", "0") $s.replaceAll("(\\w+), (\\w+)", "$2 $1")'), 'H*ll*, W*rld Hell0, World World Hello');
    // Single quotes: a double-quoted VTL string would interpolate the backslash-dollar.
    assert.equal(s("$s.replaceAll('o', '\\$')"), 'Hell$, W$rld');
  });

  it('split (Java semantics: trailing empty strings dropped, no capture groups) answers a list', () => {
    assert.equal(render('#set($p = "a,b,,c,,")$p.split(",") $p.split(",").size() $p.split(",", -1).size() $p.split(",")[1]'), '[a, b, , c] 4 6 b');
    assert.equal(render('#set($p = "k1=v1&k2=v2")#foreach($kv in $p.split("&"))#set($parts = $kv.split("="))$parts[0]:$parts.get(1);#end'), 'k1:v1;k2:v2;');
    assert.equal(render('#set($p = "a1b22c")$p.split("(\\d+)")'), '[a, b, c]');
    assert.equal(render('#set($p = "")$p.split(",").size()'), '1');
  });

  it('matches (whole string), with Java-only regex syntax translated', () => {
    assert.equal(render('#set($p = "ab12")$p.matches("[a-z]+\\d+") $p.matches("\\d+") $p.matches("(?i)AB\\d++") $p.matches("\\p{Alpha}+\\p{Digit}+")'), 'true false true true');
    assert.deepEqual(translateJavaRegex('\\Qa.b\\E\\A(?>x)'), { source: 'a\\.b^(?:x)', flags: '' });
  });

  it('a method String does not have prints nothing; a null argument fails like Java', () => {
    assert.equal(render('#set($s = "x")[$s.nope()][$s.size()]'), '[][]');
    assert.throws(() => render('#set($s = "x")$s.contains($nothing)'), TemplateRenderError);
  });

  it('substring out of range fails the render (StringIndexOutOfBoundsException)', () => {
    assert.throws(() => render('#set($s = "abc")$s.substring(2, 9)'), /StringIndexOutOfBoundsException/);
  });
});

describe('Map methods', () => {
  it('get, containsKey, keySet, values, entrySet, size, isEmpty', () => {
    const out = render('#set($m = {"a": 1, "b": "two"})$m.get("a") $m.b $m["b"] $m.get("zz") $m.containsKey("a") $m.containsKey("zz") $m.keySet() $m.values() $m.entrySet() $m.size() $m.isEmpty()');
    assert.equal(out, '1 two two  true false [a, b] [1, two] [a=1, b=two] 2 false');
  });

  it('put answers the previous value, remove the removed one', () => {
    assert.equal(render('#set($m = {"a": 1})[$m.put("a", 2)][$m.put("c", 3)][$m.remove("a")]$m'), '[1][][2]{c=3}');
  });

  it('#set($map.key = value) and #set($map[$key] = value)', () => {
    assert.equal(render('#set($m = {})#set($k = "dyn")#set($m.fixed = 1)#set($m[$k] = 2)$m'), '{fixed=1, dyn=2}');
  });

  it('does not see JavaScript prototype members', () => {
    assert.equal(render('#set($m = {})[$m.constructor][$m.toString][$m.get("constructor")][$m.hasOwnProperty("x")]'), '[][][][]');
  });
});

describe('List methods', () => {
  it('size, get, isEmpty, contains, indexOf', () => {
    assert.equal(renderJson("#set($l = $input.path('$.l'))$l.size() $l.get(1) $l.isEmpty() $l.contains(2) $l.contains('2') $l.indexOf(3)", { l: [1, 2, 3] }), '3 2 false true false 2');
  });

  it('add prints true (as in Java Velocity); #set($x = $l.add(...)) keeps it quiet', () => {
    assert.equal(render('#set($l = [])$l.add("a")#set($ignore = $l.add("b"))$l $l.size()'), 'true[a, b] 2');
  });

  it('get past the end fails the render (IndexOutOfBoundsException); [index] past the end is nothing', () => {
    assert.throws(() => render('#set($l = [1])$l.get(3)'), /IndexOutOfBoundsException/);
    assert.equal(render('#set($l = [1])[$l[3]]'), '[]');
  });

  it('JavaScript array members are not list methods', () => {
    assert.equal(render('#set($l = [1, 2])[$l.length][$l.join(",")][$l.push(3)]$l.size()'), '[][][]2');
  });
});

describe('== and !=', () => {
  const t = (cond: string, v = {}) => render(`#if(${cond})T#{else}F#end`, v);

  it('compares numbers by value and mixed types by their text, as Velocity does', () => {
    assert.equal(render('#if(1 == 1.0)T#{else}F#end#if(1 == "1")T#{else}F#end#if(true == "true")T#{else}F#end#if("a" != "b")T#{else}F#end'), 'TTTT');
  });

  it('compares lists and maps by content', () => {
    assert.equal(render('#set($a = [1, 2])#set($b = [1, 2])#if($a == $b)T#end #set($m = {"k": [1]})#set($n = {"k": [1]})#if($m == $n)T#end'), 'T T');
  });

  it('holds null equal to "" (recorded: test_input_path_template_formatting)', () => {
    assert.equal(render('#if($nothing == "")T#end#if("" == $nothing)T#end#if($nothing == $null)T#end#if($nothing != "x")T#end'), 'TTTT');
    assert.equal(render('#set($e = [])#if($e == "")T#{else}F#end'), 'F');
    assert.equal(t('false'), 'F');
  });
});

describe('arithmetic and truth', () => {
  it('integer arithmetic stays integer; decimals divide as doubles', () => {
    assert.equal(render('#set($a = 7 / 2)$a #set($b = 7 % 3)$b #set($c = 7.0 / 2)$c #set($d = -3 + 10 * 2)$d #set($e = 1.5 * 2)$e'), '3 1 3.5 17 3');
  });

  it('+ joins when either side is a String', () => {
    assert.equal(render('#set($a = "n" + 1)$a #set($b = 1 + "n")$b #set($c = "x" + "y")$c'), 'n1 1n xy');
  });

  it('division by zero and arithmetic on null give null', () => {
    assert.equal(render('#set($a = 1 / 0)[$a]#set($b = $nothing + 1)[$b]'), '[][]');
  });

  it('comparisons need numbers', () => {
    assert.equal(render('#if(2 > 1)T#end#if(1 >= 1)T#end#if("b" > "a")T#{else}F#end#if($nothing < 1)T#{else}F#end'), 'TTFF');
  });

  it('#if is false only for null and false: "", 0 and [] are true (Velocity 1.7)', () => {
    assert.equal(render('#if("")A#end#if(0)B#end#if([])C#end#if($nothing)D#end#if(!$nothing)E#end#if(false)F#end'), 'ABCE');
  });

  it('&& and || answer booleans and short-circuit', () => {
    assert.equal(render('#set($x = "a" && 0)$x #set($y = $nothing || "")$y #if($nothing && $nothing.size() > 0)T#{else}F#end'), 'true true F');
  });
});
