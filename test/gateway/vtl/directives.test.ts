/** Velocity directives and template text: #foreach, #if, #set, #macro, #define, comments, whitespace, errors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, TemplateRenderError, TemplateSyntaxError } from '../../../src/gateway/vtl/index.js';
import { render, renderJson, variables } from './helpers.js';

describe('#foreach', () => {
  it('$foreach.index, .count, .first, .last, .hasNext and $velocityCount', () => {
    const out = render('#foreach($x in ["a", "b", "c"])$foreach.index/$foreach.count/$velocityCount/$foreach.first/$foreach.last/$foreach.hasNext/$foreach.hasNext() #end');
    assert.equal(out, '0/1/1/true/false/true/true 1/2/2/false/false/true/true 2/3/3/false/true/false/false ');
  });

  it('over a $input.path list of objects', () => {
    const doc = { items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] };
    assert.equal(renderJson("[#foreach($i in $input.path('$.items')){\"s\":\"$i.sku\",\"q\":$i.qty}#if($foreach.hasNext),#end#end]", doc), '[{"s":"a","q":1},{"s":"b","q":2}]');
  });

  it('over a map iterates its values (Velocity iterates Map.values())', () => {
    assert.equal(render('#set($m = {"a": 1, "b": 2})#foreach($v in $m)$v;#end'), '1;2;');
  });

  it('over nothing, a string or a number does not iterate', () => {
    assert.equal(render('#set($s = "abc")#set($n = 3)[#foreach($v in $nothing)x#end#foreach($v in $s)x#end#foreach($v in $n)x#end#foreach($v in [])x#end]'), '[]');
  });

  it('nested loops each have their own $foreach; the outer one is back after the inner loop', () => {
    assert.equal(render('#foreach($a in [1, 2])#foreach($b in ["x", "y"])$a$b$foreach.index #end|$foreach.index #end'), '1x0 1y1 |0 2x0 2y1 |1 ');
  });

  it('#break leaves the loop', () => {
    assert.equal(render('#foreach($i in [1..5])#if($i == 3)#break#end$i#end!'), '12!');
  });

  it('the loop variable does not outlive the loop; #set inside the loop is global', () => {
    assert.equal(render('#set($total = 0)#foreach($i in [1, 2, 3])#set($total = $total + $i)#end$total [$i]'), '6 []');
  });

  it('[1..3] ranges', () => {
    assert.equal(render('#foreach($i in [1..3])$i#end #foreach($i in [3..1])$i#end'), '123 321');
  });
});

describe('#if / #elseif / #else', () => {
  const t = (x: string) => render(`#set($x = ${x})#if($x == 1)one#elseif($x == 2)two#{else}other#end`);

  it('takes the first true branch', () => {
    assert.equal(t('1'), 'one');
    assert.equal(t('2'), 'two');
    assert.equal(t('3'), 'other');
  });

  it('nested', () => {
    assert.equal(render('#if(true)a#if(false)b#{else}c#end#end'), 'ac');
  });
});

describe('#set', () => {
  it('assigns literals, references, method results and interpolated strings', () => {
    assert.equal(render('#set($a = "x")#set($b = $a)#set($c = $a.toUpperCase())#set($d = "${a}-$c")#set($e = \'$a\')$a $b $c $d $e'), 'x x X x-X $a');
  });

  it('a hyphen belongs to the name, as in Velocity 1.7: "$a-$c" reads $a- (unset)', () => {
    assert.equal(render('#set($a = "x")#set($c = "y")#set($d = "$a-$c")$d'), 'y');
  });

  it('map and list literals', () => {
    assert.equal(render('#set($m = {"k": [1, {"n": "v"}]})$m.k[1].n'), 'v');
  });
});

describe('#macro and #define', () => {
  it('a macro with arguments', () => {
    assert.equal(render('#macro(greet $name)Hello, $name!#end#greet("Ann") #greet("Bob")'), 'Hello, Ann! Hello, Bob!');
  });

  it('#define', () => {
    assert.equal(render('#define($block)[$x]#end#set($x = 1)$block#set($x = 2)$block'), '[1][2]');
  });

  it('a call to a macro that does not exist prints as written', () => {
    assert.equal(render('#nosuch("a") #nosuch()'), '#nosuch("a") #nosuch()');
  });
});

describe('template text', () => {
  it('comments print nothing', () => {
    assert.equal(render('a## line comment\nb#* block\ncomment *#c'), 'abc');
  });

  it('\\$ and \\# escape a reference or directive', () => {
    assert.equal(render('#set($a = 1)\\$a \\#if'), '$a #if');
  });

  it('$ and # that start no reference or directive are text', () => {
    assert.equal(render('{"price": "$5", "tag": "#hashtag", "color": "#fff", "mail": "a$.b"}'), '{"price": "$5", "tag": "#hashtag", "color": "#fff", "mail": "a$.b"}');
  });

  it('a directive alone on its line leaves no empty line, \\n or \\r\\n', () => {
    assert.equal(render('a\n#set($x = 1)\nb\n#if(true)\nc\n#end\nd'), 'a\nb\nc\nd');
    assert.equal(render('a\r\n#set($x = 1)\r\nb\r\n#foreach($i in [1])\r\n$i\r\n#end\r\nc'), 'a\r\nb\r\n1\r\nc');
  });

  it('the indentation before a directive stays', () => {
    assert.equal(render('{\n  #set($x = 1)\n  "x": $x\n}'), '{\n    "x": 1\n}');
  });

  it('an empty template renders nothing', () => {
    assert.equal(render(''), '');
  });
});

describe('compiling', () => {
  it('a syntax error is a TemplateSyntaxError at compile time', () => {
    for (const bad of ['#if($a', '#foreach($x in)', '#set($a = )', '#if(true)unclosed', 'text #end more', '#foreach($i in [1])#if(true)$i#end']) {
      assert.throws(() => compileTemplate(bad), TemplateSyntaxError, bad);
    }
  });

  it('a malformed double-quoted string fails only the render that evaluates it', () => {
    const t = compileTemplate('#if($input.params("go") == "yes")#set($x = "#if")#end ok');
    assert.equal(t.render(variables({})).output, ' ok');
    assert.throws(() => t.render(variables({ path: { go: 'yes' } })), TemplateRenderError);
  });

  it('renders the same template again and again, each time from scratch', () => {
    const t = compileTemplate('#set($n = $input.params("n"))#foreach($i in [1, 2])#set($acc = "$!acc$i")#end$n:$acc#if($n == "a")#break#end');
    assert.equal(t.render(variables({ path: { n: 'a' } })).output, 'a:12');
    assert.equal(t.render(variables({ path: { n: 'b' } })).output, 'b:12');
    assert.equal(t.source.length > 0, true);
  });
});
