/*
 * DQDL, the AWS Glue Data Quality Definition Language.
 *
 * The grammar is deliberately permissive about what may appear where (sections in any order,
 * any operand in any condition) and strict about tokens: ordering, typing and catalogue rules
 * are checked afterwards by the validator, which can name the problem and its position far
 * better than a syntax error can. Generated with ANTLR 4.9.3 because Spark ships that runtime.
 */
grammar Dqdl;

document
    : section* EOF
    ;

section
    : metadataSection
    | dataSourcesSection
    | defaultLabelsSection
    | rulesSection
    | analyzersSection
    | variableDeclaration
    ;

metadataSection      : METADATA '=' dictionary ;
dataSourcesSection   : DATA_SOURCES '=' dictionary ;
defaultLabelsSection : DEFAULT_LABELS '=' labelList ;
rulesSection         : RULES '=' '[' (ruleExpr (',' ruleExpr)*)? ']' ;
analyzersSection     : ANALYZERS '=' '[' (analyzer (',' analyzer)*)? ']' ;
variableDeclaration  : name=word '=' variableValue ;

dictionary : '{' (entry (',' entry)*)? '}' ;
entry      : key=STRING ':' entryValue ;
entryValue : STRING | '[' (STRING (',' STRING)*)? ']' ;

variableValue
    : expr
    | '[' expr (',' expr)* ']'
    ;

labelList : '[' (label (',' label)*)? ']' ;
label     : key=STRING '=' value=STRING ;

// 'and' binds tighter than 'or': ANTLR gives earlier alternatives higher precedence.
ruleExpr
    : '(' ruleExpr ')' labels?      # groupedRule
    | ruleExpr AND ruleExpr         # andRule
    | ruleExpr OR ruleExpr          # orRule
    | dqRule                        # singleRule
    ;

dqRule
    : ruleType=IDENTIFIER parameter* condition? whereClause? labels? tag*
    ;

analyzer
    : analyzerType=IDENTIFIER parameter*
    ;

// A bare word is a parameter only after 'of' ("DetectAnomalies of RowCount"): otherwise a
// missing comma between two rules would silently turn the second rule into parameters.
parameter
    : connector=(OF | AND)? (STRING | VARIABLE)
    | connector=OF word
    ;

whereClause : WHERE STRING ;
labels      : LABELS '=' labelList ;
tag         : WITH word condition ;

condition
    : op=('=' | '!=' | '>' | '>=' | '<' | '<=') expr    # comparison
    | NOT? BETWEEN expr AND expr                        # between
    | NOT? IN (list | VARIABLE)                         # membership
    | NOT? MATCHES (STRING | VARIABLE)                  # patternMatch
    ;

list : '[' expr (',' expr)* ']' ;

expr
    : '(' expr ')'                                  # parenthesized
    | '-' expr                                      # negation
    | expr op=('*' | '/') expr                      # arithmetic
    | expr op=('+' | '-') expr                      # arithmetic
    | NOW '(' ')'                                   # now
    | name=IDENTIFIER '(' (expr (',' expr)*)? ')'   # call
    | NUMBER unit?                                  # number
    | STRING                                        # string
    | VARIABLE                                      # variable
    | keyword=(NULL | EMPTY | WHITESPACES_ONLY)     # keyword
    ;

unit : DAYS | HOURS | MINUTES | B | KB | MB | GB | TB ;

// Names of variables, tags and bare parameters; unit words are reserved only after a number.
word : IDENTIFIER | DAYS | HOURS | MINUTES | B | KB | MB | GB | TB ;

// ---- Lexer ----

METADATA       : 'Metadata' ;
DATA_SOURCES   : 'DataSources' ;
DEFAULT_LABELS : 'DefaultLabels' ;
RULES          : 'Rules' ;
ANALYZERS      : 'Analyzers' ;

LABELS  : 'labels' ;
WITH    : 'with' ;
WHERE   : 'where' ;
MATCHES : 'matches' ;
BETWEEN : 'between' ;
IN      : 'in' ;
NOT     : 'not' ;
NOW     : 'now' ;
AND     : 'and' | 'AND' ;
OR      : 'or' | 'OR' ;
OF      : 'of' | 'OF' ;
NULL    : 'null' | 'NULL' ;
EMPTY   : 'empty' | 'EMPTY' ;
WHITESPACES_ONLY : 'whitespaces_only' | 'WHITESPACES_ONLY' ;

DAYS    : 'days' ;
HOURS   : 'hours' ;
MINUTES : 'minutes' ;
B       : 'B' ;
KB      : 'KB' ;
MB      : 'MB' ;
GB      : 'GB' ;
TB      : 'TB' ;

EQ : '=' ;  NE : '!=' ;  GT : '>' ;  GE : '>=' ;  LT : '<' ;  LE : '<=' ;
PLUS : '+' ;  MINUS : '-' ;  STAR : '*' ;  SLASH : '/' ;
LPAREN : '(' ;  RPAREN : ')' ;  LBRACKET : '[' ;  RBRACKET : ']' ;
LBRACE : '{' ;  RBRACE : '}' ;  COMMA : ',' ;  COLON : ':' ;

NUMBER     : DIGIT+ ('.' DIGIT+)? ;
VARIABLE   : '$' [a-zA-Z_] [a-zA-Z0-9_]* ;
IDENTIFIER : [a-zA-Z_] [a-zA-Z0-9_.]* ;

// A backslash escapes the next character; only \" and \\ are decoded, so regular expressions
// such as "\d+" keep their backslash. Strings may span lines (long CustomSql statements).
STRING : '"' ( '\\' . | ~["\\] )* '"' ;
// Longest match: a closed string always wins; this only matches a string that never closes.
UNTERMINATED_STRING : '"' ( '\\' . | ~["\\] )* '\\'? ;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS      : [ \t\r\n\f\u00A0\uFEFF]+ -> skip ;

ERROR_CHARACTER : . ;

fragment DIGIT : [0-9] ;
